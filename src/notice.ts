// Something a run wants the user to know that is not an error: a moved port, a corrected file mode.

export interface Notice {
  level: 'info' | 'warning';
  instance?: string;
  message: string;
}
