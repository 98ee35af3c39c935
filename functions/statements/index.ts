import { installmentSource } from "../installments/source";
import type { FunctionDeps, FunctionModule } from "../lib/function-app";
import type { InstallmentSource } from "./installment-source";
import { meta } from "./meta";
import { statementRoutes } from "./routes";

/** `installments`: where computed cycles learn of installment plans (the installments function's plans; tests pass their own). */
export const create = (
  deps: FunctionDeps,
  options: { installments?: (householdId: string) => InstallmentSource; today?: () => string } = {},
): FunctionModule => ({
  meta,
  app: statementRoutes(deps, {
    installments: options.installments ?? ((householdId) => installmentSource(deps.db, householdId)),
    today: options.today,
  }),
});

export { meta };
