// POST /import/:batchId/commit — imports an upload as its preview showed it (issue 6 §5). The
// form carries the preview's state; the choices are resolved the same way as on the preview
// page and commitLedgerImport refuses while any error remains. Asked for
// application/x-ndjson (the page's script), the answer streams one JSON object per line:
// progress while reading, checking and writing, then where to go. Otherwise it redirects: to the
// result, or back to the preview when refused. The stored file is removed once the batch is
// committed or failed.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { commitLedgerImport, getImportBatchForUser, resolveImportChoices, type CommitOutcome, type ImportProgress } from "#app/models/ledger-import.server";
import { importStateParams, parseImportState, type ImportViewState } from "#app/schemas/ledger-import";
import { requireUser } from "#app/utils/auth.server";
import { readUpload, removeUpload } from "#app/utils/import-files.server";
import { notFound, type SessionUser } from "#app/utils/permissions.server";
import { requestMeta, type RequestMeta } from "#app/utils/request-meta.server";

export async function loader({ params }: LoaderFunctionArgs) {
  throw redirect(`/import/${params.batchId ?? ""}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "pipeline:write" });
  const batch = await getImportBatchForUser(user, params.batchId ?? "");
  if (!batch) throw notFound();
  const form = await request.formData();
  const state = parseImportState(new URLSearchParams([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string")));
  const resultPath = `/import/${batch.id}`;
  const bytes = batch.status === "PREVIEWED" ? await readUpload(batch.id) : null;
  if (!bytes) throw redirect(resultPath);

  const run = (onProgress?: (p: ImportProgress) => void) => commitUpload(user, batch.id, batch.fileName, bytes, { ...batch }, state, requestMeta(request), onProgress);
  const previewPath = (notice: string) => {
    const query = importStateParams(state);
    query.set("notice", notice);
    return `${resultPath}?${query}`;
  };

  if (!request.headers.get("Accept")?.includes("application/x-ndjson")) {
    const outcome = await run();
    throw redirect(outcome?.ok === false && outcome.kind === "refused" ? previewPath("refused") : resultPath);
  }

  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: Record<string, unknown>) => {
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
        } catch {
          // The page went away; the import carries on and its result is on the batch.
        }
      };
      let last = 0;
      const outcome = await run((p) => {
        // At most a few updates a second; the last write step always goes out.
        const now = Date.now();
        if (p.phase === "write" && p.done < p.total && now - last < 200) return;
        last = now;
        send({ type: "progress", ...p });
      });
      if (!outcome) send({ type: "done", location: resultPath });
      else if (outcome.ok) send({ type: "done", location: resultPath });
      else if (outcome.kind === "refused") send({ type: "refused", location: previewPath("refused") });
      else send({ type: "failed", message: outcome.message, location: resultPath });
      controller.close();
    },
  });
  // no-transform keeps the compression middleware from holding the lines back.
  return new Response(stream, { headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store, no-transform", "X-Accel-Buffering": "no" } });
}

async function commitUpload(
  user: SessionUser,
  batchId: string,
  fileName: string,
  bytes: Uint8Array,
  batch: { regionId: string | null },
  state: ImportViewState,
  meta: RequestMeta,
  onProgress?: (p: ImportProgress) => void,
): Promise<CommitOutcome | null> {
  const choices = await resolveImportChoices(user, batch, bytes, state);
  if (!choices) return null;
  const outcome = await commitLedgerImport(
    user,
    { fileBytes: bytes, fileName, sheets: [{ name: choices.sheetName, mapping: choices.mapping, overrides: state.overrides }], regionId: choices.regionId, batchId },
    meta,
    onProgress ? { onProgress } : {},
  );
  if (outcome.ok || outcome.kind === "failed") await removeUpload(batchId);
  if (!outcome.ok && outcome.kind === "failed") console.error(`Ledger import ${batchId} failed and was rolled back: ${outcome.message}`);
  return outcome;
}
