import { createContext, useContext } from 'react';
import type { AppConfig } from './config.ts';
import type { LiveConnection } from './live.ts';

export interface AppServices {
  config: AppConfig;
  /** The subscription channel: seat maps and the waiting room show its state. */
  live: LiveConnection;
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useApp needs <AppContext> above it');
  return services;
}
