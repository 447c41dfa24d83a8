import type { HubSpotConfig } from './hubspot.config';

/** The object types poshub writes, by the name used in API paths. */
export type PoshubObjectType = 'contacts' | 'deals' | 'line_items';
export const POSHUB_OBJECT_TYPES: readonly PoshubObjectType[] = ['contacts', 'deals', 'line_items'];

/** A custom property definition as `POST /crm/v3/properties/{type}` takes it. */
export interface PropertyDefinition {
  readonly name: string;
  readonly label: string;
  readonly type: 'string' | 'number' | 'date' | 'bool';
  readonly fieldType: 'text' | 'textarea' | 'number' | 'date' | 'booleancheckbox';
  /** Required by HubSpot for `bool` properties. */
  readonly options?: readonly { readonly label: string; readonly value: string }[];
  readonly groupName: string;
  readonly description: string;
  readonly hasUniqueValue?: boolean;
}

/** Names of the behaviour properties on contacts (the contact-behaviour mapping writes these). */
export const BEHAVIOUR_PROPERTIES = {
  lifetimeSpend: 'poshub_lifetime_spend',
  orderCount: 'poshub_order_count',
  averageOrderValue: 'poshub_average_order_value',
  firstPurchaseDate: 'poshub_first_purchase_date',
  lastPurchaseDate: 'poshub_last_purchase_date',
  lastPurchaseLocation: 'poshub_last_purchase_location',
  favouriteProduct: 'poshub_favourite_product',
} as const;

/**
 * Contact property for the customer's marketing consent as the POS or poshub knows it. HubSpot's own
 * subscription status is managed through its communication-preferences API, which a private app
 * should not overwrite; this property is what poshub syncs both ways.
 */
export const CONSENT_PROPERTY = 'poshub_marketing_consent';

/** Deal property holding the sale's own amount (the deal `amount` is the sale net of refunds). */
export const SALE_AMOUNT_PROPERTY = 'poshub_sale_amount';
/** Deal property holding `{refund reference: decimal amount}` as JSON (policy negative-line-items). */
export const REFUNDS_PROPERTY = 'poshub_refunds';
/** Line item property `<write reference>#<line key>`: finds line items already written. */
export const LINE_KEY_PROPERTY = 'poshub_line_key';

/**
 * Every custom property poshub needs, per object type. The two reference properties are unique so
 * that batch upsert can use them as `idProperty` (HubSpot refuses non-unique ones).
 */
export function poshubProperties(
  config: Pick<HubSpotConfig, 'properties'>,
): Record<PoshubObjectType, PropertyDefinition[]> {
  const groupName = config.properties.group;
  const text = (name: string, label: string, description: string, unique = false): PropertyDefinition => ({
    name,
    label,
    type: 'string',
    fieldType: 'text',
    groupName,
    description,
    ...(unique ? { hasUniqueValue: true } : {}),
  });
  const num = (name: string, label: string, description: string): PropertyDefinition => ({
    name,
    label,
    type: 'number',
    fieldType: 'number',
    groupName,
    description,
  });
  const date = (name: string, label: string, description: string): PropertyDefinition => ({
    name,
    label,
    type: 'date',
    fieldType: 'date',
    groupName,
    description,
  });
  const bool = (name: string, label: string, description: string): PropertyDefinition => ({
    name,
    label,
    type: 'bool',
    fieldType: 'booleancheckbox',
    groupName,
    description,
    options: [
      { label: 'Yes', value: 'true' },
      { label: 'No', value: 'false' },
    ],
  });
  const b = BEHAVIOUR_PROPERTIES;
  return {
    contacts: [
      text(config.properties.customerId, 'poshub customer id', 'poshub reference of this customer', true),
      bool(
        CONSENT_PROPERTY,
        'Marketing consent (poshub)',
        'Consent to marketing, synced with the POS and ERP',
      ),
      num(b.lifetimeSpend, 'Lifetime spend (POS)', 'POS sales minus refunds, account currency'),
      num(b.orderCount, 'Order count (POS)', 'POS sales counted'),
      num(b.averageOrderValue, 'Average order value (POS)', 'Lifetime spend / order count'),
      date(b.firstPurchaseDate, 'First purchase (POS)', 'Date of the first POS sale (UTC)'),
      date(b.lastPurchaseDate, 'Last purchase (POS)', 'Date of the latest POS sale (UTC)'),
      text(b.lastPurchaseLocation, 'Last purchase location (POS)', 'Store of the latest POS sale'),
      text(b.favouriteProduct, 'Favourite product (POS)', 'Product bought in the most POS sales'),
    ],
    deals: [
      text(config.properties.transactionId, 'poshub transaction id', 'poshub reference of this sale', true),
      num(SALE_AMOUNT_PROPERTY, 'Sale amount (POS)', 'The sale total before refunds'),
      {
        name: REFUNDS_PROPERTY,
        label: 'Refunds (POS)',
        type: 'string',
        fieldType: 'textarea',
        groupName,
        description: 'JSON map of poshub refund reference to refunded amount',
      },
    ],
    line_items: [text(LINE_KEY_PROPERTY, 'poshub line key', 'poshub reference and line key of this line')],
  };
}
