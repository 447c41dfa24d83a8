import type { SquareMoney } from './sim-money';

/*
 * The Square JSON shapes the simulator stores and serves (snake_case, as on the wire). Only the
 * fields the simulator fills are typed; everything matches the official OpenAPI description.
 */

export type { SquareMoney } from './sim-money';

export interface SquareAppliedMoney {
  uid: string;
  applied_money: SquareMoney;
}

export interface SquareAppliedTax extends SquareAppliedMoney {
  tax_uid: string;
}

export interface SquareAppliedDiscount extends SquareAppliedMoney {
  discount_uid: string;
}

export interface SquareOrderLineItem {
  uid: string;
  name: string;
  quantity: string;
  quantity_unit?: { measurement_unit: { weight_unit: string }; precision: number };
  catalog_object_id: string;
  catalog_version: number;
  variation_name: string;
  item_type: 'ITEM';
  base_price_money: SquareMoney;
  variation_total_price_money: SquareMoney;
  gross_sales_money: SquareMoney;
  total_tax_money: SquareMoney;
  total_discount_money: SquareMoney;
  total_money: SquareMoney;
  total_service_charge_money: SquareMoney;
  applied_taxes?: SquareAppliedTax[];
  applied_discounts?: SquareAppliedDiscount[];
}

export interface SquareOrderTax {
  uid: string;
  name: string;
  type: 'ADDITIVE' | 'INCLUSIVE';
  percentage: string;
  scope: 'ORDER' | 'LINE_ITEM';
  applied_money: SquareMoney;
}

export interface SquareOrderDiscount {
  uid: string;
  name: string;
  type: 'FIXED_PERCENTAGE' | 'FIXED_AMOUNT';
  percentage?: string;
  amount_money?: SquareMoney;
  scope: 'ORDER' | 'LINE_ITEM';
  applied_money: SquareMoney;
}

export interface SquareOrderServiceCharge {
  uid: string;
  name: string;
  percentage?: string;
  amount_money?: SquareMoney;
  applied_money: SquareMoney;
  total_money: SquareMoney;
  total_tax_money: SquareMoney;
  calculation_phase: 'SUBTOTAL_PHASE';
  taxable: false;
  type: 'CUSTOM' | 'AUTO_GRATUITY';
  treatment_type: 'LINE_ITEM_TREATMENT';
  scope: 'ORDER';
}

export interface SquareTender {
  id: string;
  location_id: string;
  transaction_id: string;
  created_at: string;
  amount_money: SquareMoney;
  tip_money?: SquareMoney;
  customer_id?: string;
  type: 'CARD' | 'CASH';
  card_details?: {
    status: 'CAPTURED';
    card: { card_brand: string; last_4: string; fingerprint: string };
    entry_method: 'SWIPED' | 'EMV' | 'CONTACTLESS' | 'KEYED';
  };
  cash_details?: { buyer_tendered_money: SquareMoney; change_back_money: SquareMoney };
  payment_id: string;
}

export interface SquareRefund {
  id: string;
  location_id: string;
  transaction_id: string;
  tender_id: string;
  created_at: string;
  reason: string;
  amount_money: SquareMoney;
  status: 'APPROVED';
}

export interface SquareReturnLineItem {
  uid: string;
  source_line_item_uid: string;
  name: string;
  quantity: string;
  catalog_object_id: string;
  catalog_version: number;
  variation_name: string;
  item_type: 'ITEM';
  base_price_money: SquareMoney;
  variation_total_price_money: SquareMoney;
  gross_return_money: SquareMoney;
  total_tax_money: SquareMoney;
  total_discount_money: SquareMoney;
  total_money: SquareMoney;
  applied_taxes?: SquareAppliedTax[];
  applied_discounts?: SquareAppliedDiscount[];
}

export interface SquareOrderReturn {
  uid: string;
  source_order_id: string;
  return_line_items: SquareReturnLineItem[];
  return_taxes?: (Omit<SquareOrderTax, 'applied_money'> & {
    source_tax_uid: string;
    applied_money: SquareMoney;
  })[];
  return_discounts?: (Omit<SquareOrderDiscount, 'applied_money'> & {
    source_discount_uid: string;
    applied_money: SquareMoney;
  })[];
}

export interface SquareMoneyAmounts {
  total_money: SquareMoney;
  tax_money: SquareMoney;
  discount_money: SquareMoney;
  tip_money: SquareMoney;
  service_charge_money: SquareMoney;
}

/** A Square Order as GET /v2/orders/{id} returns it. */
export interface SquareOrder {
  id: string;
  location_id: string;
  reference_id?: string;
  source: { name: string };
  customer_id?: string;
  line_items?: SquareOrderLineItem[];
  taxes?: SquareOrderTax[];
  discounts?: SquareOrderDiscount[];
  service_charges?: SquareOrderServiceCharge[];
  returns?: SquareOrderReturn[];
  return_amounts?: SquareMoneyAmounts;
  net_amounts: SquareMoneyAmounts;
  tenders?: SquareTender[];
  refunds?: SquareRefund[];
  metadata?: Record<string, string>;
  created_at: string;
  updated_at: string;
  closed_at: string;
  state: 'OPEN' | 'COMPLETED' | 'CANCELED' | 'DRAFT';
  version: number;
  total_money: SquareMoney;
  total_tax_money: SquareMoney;
  total_discount_money: SquareMoney;
  total_tip_money: SquareMoney;
  total_service_charge_money: SquareMoney;
  net_amount_due_money: SquareMoney;
  ticket_name?: string;
}

/** A Square Customer. */
export interface SquareCustomer {
  id: string;
  created_at: string;
  updated_at: string;
  given_name?: string;
  family_name?: string;
  company_name?: string;
  nickname?: string;
  email_address?: string;
  phone_number?: string;
  reference_id?: string;
  note?: string;
  birthday?: string;
  address?: Record<string, string>;
  preferences: { email_unsubscribed: boolean };
  creation_source: string;
  version: number;
}

/** A location as the simulator is configured with it. */
export interface SquareLocationConfig {
  id: string;
  name: string;
  currency: string;
  timezone: string;
  country: string;
}

/** One line of `SquareSimulator.requestLog()`. */
export interface SquareRequestLogEntry {
  method: string;
  path: string;
  body: unknown;
  status: number;
  response: unknown;
}
