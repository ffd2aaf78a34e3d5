// GET /cockpit/bulletin?month=YYYY-MM — the 月度通报 of the user's scope as a .docx (default: last
// month). The download is recorded in the audit log (action EXPORT). A month that is not one, or
// has not begun, goes back to /cockpit, which says why next to the month field.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { shanghaiDay } from "#app/domain/workdays";
import { lastMonth } from "#app/domain/metrics";
import { bulletinData, bulletinDocx, bulletinFileName } from "#app/models/bulletin.server";
import { readBulletinMonth } from "#app/schemas/bulletin";
import { writeAudit } from "#app/utils/audit.server";
import { requireUser } from "#app/utils/auth.server";
import { now } from "#app/utils/clock";
import { requestMeta } from "#app/utils/request-meta.server";

const DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "cockpit:read" });
  const at = now();
  const params = new URL(request.url).searchParams;
  const read = readBulletinMonth(params, lastMonth(at), shanghaiDay(at).slice(0, 7));
  if ("error" in read) throw redirect(`/cockpit?${new URLSearchParams({ bulletin: params.get("month") ?? "" })}`);
  const data = await bulletinData(user, read.month, { now: at });
  const buffer = await bulletinDocx(data);
  await writeAudit({ actor: user, action: "EXPORT", entity: "Bulletin", detail: JSON.stringify({ month: read.month, scope: data.cockpit.scopeName }), meta: requestMeta(request) });
  const name = `${bulletinFileName(read.month)}.docx`;
  return new Response(new Uint8Array(buffer), {
    status: 200,
    headers: {
      "Content-Type": DOCX_CONTENT_TYPE,
      "Content-Disposition": `attachment; filename="bulletin-${read.month}.docx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "no-store",
    },
  });
}
