// The one error boundary: Chinese pages for 403, 404, 409 and unexpected errors.
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { t, type MessageKey } from "#app/i18n";

const TITLES: Record<number, MessageKey> = {
  400: "common.badRequestTitle",
  403: "common.forbiddenTitle",
  404: "common.notFoundTitle",
  409: "common.conflictTitle",
};
const BODIES: Record<number, MessageKey> = {
  403: "common.forbiddenBody",
  404: "common.notFoundBody",
};

export function GeneralErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error) && typeof document !== "undefined") console.error(error);
  const title = t(TITLES[status] ?? "common.errorTitle");
  const body =
    BODIES[status] !== undefined
      ? t(BODIES[status])
      : isRouteErrorResponse(error) && typeof error.data === "string" && status < 500
        ? error.data
        : t("common.errorBody");
  return (
    <div className="mx-auto max-w-xl py-16 text-center" role="alert">
      <p className="text-5xl font-bold text-gray-300">{status}</p>
      <h1 className="mt-4 text-xl font-semibold text-gray-900">{title}</h1>
      <p className="mt-2 text-gray-600">{body}</p>
      <Link to="/" className="btn-secondary mt-6">
        {t("common.backHome")}
      </Link>
    </div>
  );
}
