/** Vendor payload types of the fake POS (decimal strings for money, like many POS APIs). */

export interface FakePosItem {
  line_id: string;
  sku: string;
  name: string;
  qty: string;
  unit_price: string;
  gross: string;
  discount: string;
  tax_name: string;
  tax_rate: string;
  tax: string;
  tax_inclusive: boolean;
  total: string;
}

export interface FakePosPayment {
  method: 'CARD' | 'CASH' | 'WALLET';
  brand?: 'VISA' | 'MASTERCARD' | 'AMEX';
  amount: string;
}

export interface FakePosTransaction {
  id: string;
  seq: number;
  version: number;
  type: 'SALE' | 'REFUND';
  receipt_no: string;
  store_id: string;
  created_at: string;
  updated_at: string;
  currency: string;
  customer?: { id: string; email?: string; phone?: string; name?: string };
  original_id?: string;
  items: FakePosItem[];
  order_discount: string;
  service_charge: string;
  tip: string;
  payments: FakePosPayment[];
  total: string;
}

export interface FakePosCustomer {
  id: string;
  seq: number;
  version: number;
  first_name: string;
  last_name: string;
  email?: string;
  phone?: string;
  marketing_opt_in: boolean;
  created_at: string;
  updated_at: string;
}

/** Options of `FakePosServer.generate`. */
export interface GenerateOptions {
  /** ISO 4217 code (default USD). */
  currency?: string;
  /** Share of generated transactions that refund an earlier sale (default 0.1). */
  refundRatio?: number;
  /** Size of the customer pool; customers are created as changes on first generate (default 5). */
  customers?: number;
  /** Share of sales that name a customer of the pool (default 0.6). */
  customerRatio?: number;
  /** Store ids (default ['S1', 'S2']). */
  locations?: string[];
}
