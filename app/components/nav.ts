// Sections of the app shell. Only sections that exist are listed; each is shown to roles whose
// permissions allow it (the routes check again on the server).
import { type Permission } from "#app/domain/roles";
import { type MessageKey } from "#app/i18n";

export type NavItem = { to: string; label: MessageKey; permission?: Permission };

export const NAV_ITEMS: NavItem[] = [
  { to: "/", label: "shell.navHome" },
  { to: "/companies", label: "shell.navCompanies", permission: "pipeline:read" },
  { to: "/projects", label: "shell.navProjects", permission: "pipeline:read" },
  { to: "/cockpit", label: "cockpit.navCockpit", permission: "cockpit:read" },
  { to: "/sites", label: "sites.navSites", permission: "pipeline:read" },
  // 问题督办: officers and leaders see their region's problems, department staff their inbox.
  { to: "/problems", label: "problems.navProblems", permission: "pipeline:read" },
  { to: "/problems", label: "problems.navProblems", permission: "problem:handle" },
  { to: "/aftercare", label: "alerts.navAftercare", permission: "pipeline:read" },
  { to: "/inbox", label: "shell.navInbox" },
  { to: "/import", label: "ledger.navImport", permission: "pipeline:write" },
  { to: "/mechanism", label: "shell.navMechanism" },
  { to: "/admin/users", label: "shell.navUsers", permission: "user:manage" },
  { to: "/admin/chains", label: "companies.navChains", permission: "config:edit" },
  { to: "/admin/webhooks", label: "alerts.navWebhooks", permission: "config:edit" },
  { to: "/audit", label: "shell.navAudit", permission: "audit:read" },
];
