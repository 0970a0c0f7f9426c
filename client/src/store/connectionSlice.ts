import type { StateCreator } from 'zustand';
import type { All } from './index';

export type ConnectionStatus = 'idle' | 'connecting' | 'online' | 'offline';

export interface ConnectionSlice {
  /** State of the live connection, shown in the staff header. */
  connection: { status: ConnectionStatus };
}

export const createConnectionSlice: StateCreator<All, [], [], ConnectionSlice> = () => ({
  connection: { status: 'idle' },
});
