// Who is on the other end of a request. server.js overwrites the x-zs-client-ip header with the
// address Express determined (honouring TRUST_PROXY), so a client cannot forge it.
export const CLIENT_IP_HEADER = "x-zs-client-ip";

export type RequestMeta = { ip: string | null; userAgent: string | null };

export function requestMeta(request: Request): RequestMeta {
  return {
    ip: request.headers.get(CLIENT_IP_HEADER),
    userAgent: request.headers.get("user-agent")?.slice(0, 500) ?? null,
  };
}
