// The XML namespace of ncs.conf's root element, apart so that readers of ncs.conf need not load the renderer.
export const NCS_CONFIG_NS = 'http://tail-f.com/yang/tailf-ncs-config';
