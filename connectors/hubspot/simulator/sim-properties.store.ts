import { BUILTIN_GROUPS, builtinProperties } from './sim-builtin-properties';
import { conflict, notFound, validationError } from './sim-errors';
import type { SimPipeline } from './sim-pipelines';
import type { ObjectTypeId, PropertyOption, PropertyType, SimProperty, SimPropertyGroup } from './sim.types';

/** Field types each property type accepts, as the property editor allows them. */
const FIELD_TYPES: Record<PropertyType, readonly string[]> = {
  string: ['text', 'textarea', 'phonenumber', 'html', 'file'],
  number: ['number', 'calculation_equation'],
  date: ['date'],
  datetime: ['date'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox'],
  bool: ['booleancheckbox', 'calculation_equation'],
};
// HubSpot caps unique-value properties per object type.
const MAX_UNIQUE = 10;

/** Property definitions and groups per object type. */
export class PropertyStore {
  private readonly props = new Map<ObjectTypeId, Map<string, SimProperty>>();
  private readonly groups = new Map<ObjectTypeId, Map<string, SimPropertyGroup>>();

  constructor(
    pipelines: SimPipeline[],
    currencies: string[],
    private readonly now: () => string,
  ) {
    for (const type of ['0-1', '0-3', '0-8'] as const) {
      const at = now();
      this.props.set(
        type,
        new Map(builtinProperties(type, pipelines, currencies, at).map((p) => [p.name, p])),
      );
      this.groups.set(type, new Map(BUILTIN_GROUPS[type].map((g) => [g.name, { ...g }])));
    }
  }

  list(type: ObjectTypeId): SimProperty[] {
    return [...this.props.get(type)!.values()];
  }

  find(type: ObjectTypeId, name: string): SimProperty | undefined {
    return this.props.get(type)!.get(name);
  }

  get(type: ObjectTypeId, name: string): SimProperty {
    const p = this.find(type, name);
    if (!p) throw notFound(`Unable to find property ${name} on object type ${type}.`);
    return p;
  }

  /** Names of the properties declared with `hasUniqueValue`. */
  uniqueNames(type: ObjectTypeId): string[] {
    return this.list(type)
      .filter((p) => p.hasUniqueValue)
      .map((p) => p.name);
  }

  listGroups(type: ObjectTypeId): SimPropertyGroup[] {
    return [...this.groups.get(type)!.values()];
  }

  createGroup(type: ObjectTypeId, body: Record<string, unknown>): SimPropertyGroup {
    const { name, label } = body;
    if (typeof name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(name))
      throw validationError('A property group needs a lower-case `name` (letters, digits, underscores).');
    if (typeof label !== 'string' || label === '') throw validationError('A property group needs a `label`.');
    const groups = this.groups.get(type)!;
    if (groups.has(name)) throw conflict(`A property group named "${name}" already exists.`);
    const group: SimPropertyGroup = {
      name,
      label,
      displayOrder: typeof body.displayOrder === 'number' ? body.displayOrder : -1,
      archived: false,
    };
    groups.set(name, group);
    return group;
  }

  create(type: ObjectTypeId, body: Record<string, unknown>): SimProperty {
    const name = requiredString(body, 'name');
    if (!/^[a-z][a-z0-9_]*$/.test(name))
      throw validationError(`Property name "${name}" must be lower-case letters, digits and underscores.`);
    const label = requiredString(body, 'label');
    const propType = requiredString(body, 'type') as PropertyType;
    const fieldType = requiredString(body, 'fieldType');
    const groupName = requiredString(body, 'groupName');
    const props = this.props.get(type)!;
    if (props.has(name)) throw conflict(`A property named "${name}" already exists.`);
    if (!(propType in FIELD_TYPES)) throw validationError(`"${propType}" is not a valid property type.`);
    if (!FIELD_TYPES[propType].includes(fieldType))
      throw validationError(`fieldType "${fieldType}" is not valid for a property of type "${propType}".`);
    if (!this.groups.get(type)!.has(groupName))
      throw validationError(`Property group "${groupName}" does not exist.`);
    const hasUniqueValue = body.hasUniqueValue === true;
    if (hasUniqueValue && !['string', 'number'].includes(propType))
      throw validationError('Only string and number properties can require unique values.');
    if (hasUniqueValue && this.uniqueNames(type).length >= MAX_UNIQUE)
      throw validationError(`An object type can have at most ${MAX_UNIQUE} unique-value properties.`);
    const at = this.now();
    const prop: SimProperty = {
      name,
      label,
      type: propType,
      fieldType,
      groupName,
      description: typeof body.description === 'string' ? body.description : '',
      hasUniqueValue,
      options: readOptions(propType, body.options),
      displayOrder: typeof body.displayOrder === 'number' ? body.displayOrder : -1,
      calculated: false,
      externalOptions: false,
      formField: body.formField === true,
      hidden: body.hidden === true,
      createdAt: at,
      updatedAt: at,
      archived: false,
      modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
    };
    props.set(name, prop);
    return prop;
  }
}

function requiredString(body: Record<string, unknown>, field: string): string {
  const v = body[field];
  if (typeof v !== 'string' || v === '')
    throw validationError(`Property definition is missing \`${field}\`.`, {
      errors: [{ message: `${field} is required`, in: field, code: 'REQUIRED' }],
    });
  return v;
}

function readOptions(type: PropertyType, raw: unknown): PropertyOption[] {
  if (type === 'bool' && raw === undefined) {
    return [
      { label: 'Yes', value: 'true', displayOrder: 0, hidden: false },
      { label: 'No', value: 'false', displayOrder: 1, hidden: false },
    ];
  }
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw validationError('`options` must be an array.');
  const seen = new Set<string>();
  return raw.map((o: unknown, i) => {
    const opt = (o ?? {}) as Record<string, unknown>;
    if (typeof opt.label !== 'string' || typeof opt.value !== 'string')
      throw validationError('Every option needs a string `label` and `value`.');
    if (seen.has(opt.value)) throw validationError(`Option value "${opt.value}" is listed twice.`);
    seen.add(opt.value);
    return {
      label: opt.label,
      value: opt.value,
      displayOrder: typeof opt.displayOrder === 'number' ? opt.displayOrder : i,
      hidden: opt.hidden === true,
    };
  });
}
