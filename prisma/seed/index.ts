// npm run db:seed [-- --demo]
// Always: the organisation (regions, departments) and the default mechanism profile.
// Production: one admin from ADMIN_USERNAME / ADMIN_PASSWORD when no admin exists yet.
// --demo: the demo accounts and demo data; never without the flag.
import "dotenv/config";
import { ensureMechanism } from "#app/models/mechanism.server";
import { createUser } from "#app/models/user.server";
import { prisma } from "#app/utils/db.server";
import { seedDemoData } from "./demo-data";
import { seedDemoSites } from "./demo-sites";
import { seedDemoSupervision } from "./demo-supervision";
import { seedDemoLanding } from "./demo-landing";
import { seedDemoUsers } from "./demo-users";
import { seedOrganisation } from "./organisation";

const demo = process.argv.includes("--demo");

await seedOrganisation(prisma);
await ensureMechanism(prisma);

if (demo) {
  await seedDemoUsers(prisma);
  console.log("Demo accounts ready (password Zhaoshang@2026).");
  const started = Date.now();
  const data = await seedDemoData(prisma, { now: new Date() });
  console.log(data.skipped ? "Demo data already present." : `Demo data: ${data.companies} companies, ${data.projects} projects, ${data.followUps} follow-ups (${Date.now() - started} ms).`);
  const sites = await seedDemoSites(prisma, { now: new Date() });
  console.log(sites.skipped ? "Demo carriers already present." : `Demo carriers: ${sites.sites} sites, ${sites.candidates} candidates, ${sites.visits} visits, ${sites.needs} projects' needs.`);
  const landing = await seedDemoLanding(prisma, { now: new Date() });
  console.log(landing.skipped ? "Demo landing records already present." : `Demo landing: ${landing.contracts} contracts, ${landing.milestones} milestones, ${landing.funds} funds entries.`);
  const sv = await seedDemoSupervision(prisma, { now: new Date() }); console.log(sv.skipped ? "Demo supervision records already present." : `Demo supervision: ${sv.problems} problems, ${sv.incentives} incentives, ${sv.instructions} instructions, ${sv.visits} visits.`);
} else if ((await prisma.user.count({ where: { role: "ADMIN" } })) === 0) {
  const username = process.env.ADMIN_USERNAME;
  const password = process.env.ADMIN_PASSWORD;
  if (!username || !password) {
    console.error("No admin account exists. Set ADMIN_USERNAME and ADMIN_PASSWORD and run npm run db:seed again.");
    process.exitCode = 1;
  } else {
    const result = await createUser(null, { username, password, displayName: "系统管理员", role: "ADMIN" });
    if (!result.ok) {
      console.error(`Admin not created: ${result.field} — ${result.message}`);
      process.exitCode = 1;
    } else {
      console.log(`Admin "${username}" created. Sign in and enrol the second factor (required for admins).`);
    }
  }
}

await prisma.$disconnect();
