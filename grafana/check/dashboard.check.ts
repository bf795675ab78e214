// Type-checks the provisioned dashboard against the Dashboard type of npm @grafana/schema (the
// classic, schemaVersion-numbered dashboard JSON that Grafana's file provisioning reads).
// Run: npx tsc --noEmit -p grafana/check   (from the repository root, after `npm ci` in grafana/check)
import type { Dashboard } from '@grafana/schema';
import dashboard from '../dashboards/barnum-fleet.json';

// A JSON module's type is widened: "row" becomes string and 2 becomes number. The schema's string
// enums (FieldColorModeId, MappingType, ...) and literal unions ('row', VariableType, ...) are
// widened the same way, so what remains checked is the shape: every required field present, every
// field of the right JSON type, arrays where arrays belong.
type Widen<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T extends readonly (infer E)[]
        ? Widen<E>[]
        : T extends object
          ? { [K in keyof T]: Widen<T[K]> }
          : T;

const shaped: Widen<Dashboard> = dashboard;

// Assigning a module (not an object literal) skips TypeScript's excess-property check, so a
// misspelt key ("gridPoss", "fieldconfig") would pass the line above. ExtraKeys walks the JSON and
// the schema side by side and yields the path of every key the schema does not know. Where the
// schema says "anything" (panel options, fieldConfig.defaults.custom, targets, transformation
// options: plugin-specific) the walk stops.
type KeysOfUnion<T> = T extends unknown ? keyof T : never;
type ValueAt<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;
type ExtraKeys<J, S, P extends string = '$'> = unknown extends S
  ? never
  : J extends readonly (infer JE)[]
    ? NonNullable<S> extends readonly (infer SE)[]
      ? ExtraKeys<JE, SE, `${P}[]`>
      : never
    : J extends object
      ? {
          [K in keyof J & string]: K extends KeysOfUnion<NonNullable<S>>
            ? ExtraKeys<J[K], ValueAt<NonNullable<S>, K>, `${P}.${K}`>
            : `${P}.${K}`;
        }[keyof J & string]
      : never;

type Unknown = ExtraKeys<typeof dashboard, Dashboard>;
// Fails with the offending paths in the message, e.g. Type 'true' is not assignable to type '"$.panels[].gridPoss"'.
const noUnknownKeys: [Unknown] extends [never] ? true : Unknown = true;

export { shaped, noUnknownKeys };
