// Turns an OS error from a file operation into an NsoMultiError('IO') with human words and a next step.
import { NsoMultiError } from '../errors.js';

interface OsReason {
  words: string;
  hint: string;
}

// Errno codes a user meets on a dev host, with what they mean and what to do about them.
const reasons: Record<string, OsReason> = {
  EACCES: { words: 'permission denied', hint: 'Check the owner and permissions of the file and its folder.' },
  EPERM: { words: 'operation not permitted', hint: 'Check the owner of the file; some changes need root.' },
  ENOSPC: { words: 'no space left on the device', hint: 'Free some disk space and run again.' },
  EDQUOT: { words: 'disk quota exceeded', hint: 'Free some space within your quota and run again.' },
  EROFS: {
    words: 'the file system is read-only',
    hint: 'Choose a workdir on a writable file system.',
  },
  ENOENT: { words: 'the folder does not exist', hint: 'Create the folder first or check the path.' },
  ENOTDIR: {
    words: 'a part of the path is not a folder',
    hint: 'Check the path: one of its parents is a regular file.',
  },
  EISDIR: { words: 'it is a folder', hint: 'Remove or rename the folder that stands at this path.' },
  EMFILE: { words: 'too many open files', hint: 'Raise the open-file limit (ulimit -n) or close programs.' },
  ENFILE: {
    words: 'too many open files on the host',
    hint: 'Close programs or raise the system file limit.',
  },
  EIO: { words: 'input/output error from the device', hint: 'Check the disk (dmesg) and run again.' },
  ELOOP: { words: 'too many symbolic links', hint: 'Replace the symlink with a real file or folder.' },
  ENAMETOOLONG: { words: 'the path is too long', hint: 'Choose a shorter workdir.' },
};

/** The errno code of an error thrown by node:fs, if it has one. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

// Builds the IO error for `action` ("write", "create", …) on `path`, naming the OS reason in words.
export function ioError(action: string, path: string, cause: unknown): NsoMultiError {
  const code = errnoCode(cause);
  const reason = code === undefined ? undefined : reasons[code];
  const why = reason
    ? `${reason.words} (${code})`
    : (code ?? (cause instanceof Error ? cause.message : 'unknown error'));
  return new NsoMultiError('IO', `Cannot ${action} ${path}: ${why}`, {
    cause,
    hint: reason?.hint ?? 'Check the path, its permissions and the free disk space.',
  });
}
