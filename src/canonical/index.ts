/**
 * The canonical model: what every POS record becomes after mapping and what every sink mapping reads.
 * Money is integer minor units; quantities are decimal strings; nothing here uses float arithmetic.
 */
export * from './canonical.errors';
export * from './currency';
export * from './money';
export * from './quantity';
export * from './entity-base';
export * from './transaction';
export * from './transaction.invariants';
export * from './customer';
export * from './customer-behaviour';
export * from './contact-points';
export * from './product';
export * from './stock-level';
export * from './location';
export * from './content-hash';
export * from './validate';
