import { json } from "@remix-run/node";
import { prisma } from "#app/utils/db.server";

// Liveness and database reachability for load balancers; no login, no data.
export async function loader() {
  try {
    await prisma.$queryRawUnsafe("SELECT 1");
    return json({ status: "ok", db: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return json({ status: "error", db: "error" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
