export {
  type Database,
  type DbHandle,
  type OpenOptions,
  openDatabase,
  type Queryable,
  rows,
  type Tx,
} from "./client";
export { migrate } from "./migrate";
export type { DocumentFileRole } from "./schema/documents";
export * as schema from "./schema/index";
