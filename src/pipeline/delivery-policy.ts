import type { PoshubConfig } from '../config';
import { DEFAULT_DELIVERY_RETRY, DeliveryRetryPolicy } from '../queue/job-options';

/** The retry policy from poshub.yaml, with defaults for what it leaves out. */
export function deliveryPolicyOf(config: PoshubConfig): DeliveryRetryPolicy {
  return { ...DEFAULT_DELIVERY_RETRY, ...(config.delivery ?? {}) };
}
