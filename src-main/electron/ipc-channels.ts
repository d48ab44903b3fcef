// IPC channel names shared by the Electron main process and the preload bridge.
export const IPC_CALL = 'netweaver:call';
export const IPC_SUBSCRIBE = 'netweaver:subscribe';
export const IPC_UNSUBSCRIBE = 'netweaver:unsubscribe';
export const IPC_EVENT = 'netweaver:event';
