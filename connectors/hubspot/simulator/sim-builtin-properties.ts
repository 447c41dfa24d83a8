import type { SimPipeline } from './sim-pipelines';
import type { ObjectTypeId, PropertyOption, PropertyType, SimProperty, SimPropertyGroup } from './sim.types';

/** The HubSpot-defined properties and groups of each object type the simulator serves. */

interface Spec {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  options?: string[] | PropertyOption[];
  readOnly?: boolean;
  calculated?: boolean;
}

const text = (name: string, label: string): Spec => ({ name, label, type: 'string', fieldType: 'text' });
const num = (name: string, label: string): Spec => ({ name, label, type: 'number', fieldType: 'number' });
const CREATED: Spec = { name: 'createdate', label: 'Create Date', type: 'datetime', fieldType: 'date' };
const OBJECT_ID: Spec = {
  name: 'hs_object_id',
  label: 'Record ID',
  type: 'number',
  fieldType: 'number',
  readOnly: true,
};
const modified = (name: string): Spec => ({
  name,
  label: 'Last Modified Date',
  type: 'datetime',
  fieldType: 'date',
  readOnly: true,
});

const LIFECYCLE = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
];

function specs(type: ObjectTypeId, pipelines: SimPipeline[], currencies: string[]): Spec[] {
  switch (type) {
    case '0-1':
      return [
        text('email', 'Email'),
        text('firstname', 'First Name'),
        text('lastname', 'Last Name'),
        text('phone', 'Phone Number'),
        text('mobilephone', 'Mobile Phone Number'),
        text('company', 'Company Name'),
        text('address', 'Street Address'),
        text('city', 'City'),
        text('state', 'State/Region'),
        text('zip', 'Postal Code'),
        text('country', 'Country/Region'),
        text('jobtitle', 'Job Title'),
        {
          name: 'lifecyclestage',
          label: 'Lifecycle Stage',
          type: 'enumeration',
          fieldType: 'radio',
          options: LIFECYCLE,
        },
        CREATED,
        modified('lastmodifieddate'),
        OBJECT_ID,
      ];
    case '0-3':
      return [
        text('dealname', 'Deal Name'),
        num('amount', 'Amount'),
        {
          name: 'dealstage',
          label: 'Deal Stage',
          type: 'enumeration',
          fieldType: 'radio',
          options: pipelines.flatMap((p) =>
            p.stages.map((s) => ({
              label: s.label,
              value: s.id,
              displayOrder: s.displayOrder,
              hidden: false,
            })),
          ),
        },
        {
          name: 'pipeline',
          label: 'Pipeline',
          type: 'enumeration',
          fieldType: 'select',
          options: pipelines.map((p) => ({
            label: p.label,
            value: p.id,
            displayOrder: p.displayOrder,
            hidden: false,
          })),
        },
        { name: 'closedate', label: 'Close Date', type: 'datetime', fieldType: 'date' },
        {
          name: 'deal_currency_code',
          label: 'Currency',
          type: 'enumeration',
          fieldType: 'select',
          options: currencies,
        },
        CREATED,
        modified('hs_lastmodifieddate'),
        OBJECT_ID,
      ];
    case '0-8':
      return [
        text('name', 'Name'),
        num('quantity', 'Quantity'),
        num('price', 'Unit price'),
        // Net price: computed by HubSpot from quantity, price and discount; not writable.
        { ...num('amount', 'Net price'), readOnly: true, calculated: true },
        text('hs_sku', 'SKU'),
        num('hs_product_id', 'Product ID'),
        num('discount', 'Unit discount'),
        {
          name: 'hs_line_item_currency_code',
          label: 'Currency',
          type: 'enumeration',
          fieldType: 'select',
          options: currencies,
        },
        CREATED,
        modified('hs_lastmodifieddate'),
        OBJECT_ID,
      ];
  }
}

export const BUILTIN_GROUPS: Record<ObjectTypeId, SimPropertyGroup[]> = {
  '0-1': [{ name: 'contactinformation', label: 'Contact information', displayOrder: 0, archived: false }],
  '0-3': [{ name: 'dealinformation', label: 'Deal information', displayOrder: 0, archived: false }],
  '0-8': [{ name: 'lineiteminformation', label: 'Line item information', displayOrder: 0, archived: false }],
};

function toOptions(options: Spec['options']): PropertyOption[] {
  return (options ?? []).map((o, i) =>
    typeof o === 'string' ? { label: o, value: o, displayOrder: i, hidden: false } : o,
  );
}

/** Built-in property definitions of `type`, stamped with `at`. */
export function builtinProperties(
  type: ObjectTypeId,
  pipelines: SimPipeline[],
  currencies: string[],
  at: string,
): SimProperty[] {
  const group = BUILTIN_GROUPS[type][0]!.name;
  return specs(type, pipelines, currencies).map((s, i) => ({
    name: s.name,
    label: s.label,
    type: s.type,
    fieldType: s.fieldType,
    groupName: group,
    description: '',
    hasUniqueValue: false,
    options: toOptions(s.options),
    displayOrder: i,
    calculated: s.calculated ?? false,
    externalOptions: false,
    formField: !s.readOnly,
    hidden: false,
    hubspotDefined: true,
    createdAt: at,
    updatedAt: at,
    archived: false,
    modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: s.readOnly ?? false },
  }));
}
