import type { Role } from '../config';

export type { Role };

export const servesHttp = (role: Role): boolean => role === 'all' || role === 'api';
export const runsWorkers = (role: Role): boolean => role === 'all' || role === 'worker';
export const runsScheduler = (role: Role): boolean => role === 'all' || role === 'scheduler';
