import type { WebhookSettings } from '@redress/shared';
import { services } from '../../platform/context';
import { IntegrationSetting } from './webhook.models';

const ID = 'webhooks';

/** The admin's webhook settings (defaults when never saved). */
export async function webhookSettings(): Promise<WebhookSettings> {
  const doc = await IntegrationSetting.findById(ID).lean();
  const v = (doc?.value ?? {}) as Partial<WebhookSettings>;
  return { allowPrivateAddresses: v.allowPrivateAddresses === true };
}

export async function saveWebhookSettings(value: WebhookSettings, by: string): Promise<WebhookSettings> {
  await IntegrationSetting.updateOne({ _id: ID }, { $set: { value, updatedAt: new Date(), updatedBy: by } }, { upsert: true });
  return value;
}

/** Private addresses are allowed by the admin setting or, for the whole installation, by WEBHOOK_ALLOW_PRIVATE_ADDRESSES. */
export async function privateAddressesAllowed(): Promise<boolean> {
  return services().env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES || (await webhookSettings()).allowPrivateAddresses;
}
