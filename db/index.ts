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
export * as schema from "./schema/index";
