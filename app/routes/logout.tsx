import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logout } from "#app/utils/auth.server";

// Logging out changes state, so it is a POST (the header's button); GET just goes home.
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/login", { headers: { "Set-Cookie": await logout(request) } });
}
