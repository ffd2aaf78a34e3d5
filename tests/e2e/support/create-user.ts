// Creates one account in the e2e server's database through the app's own createUser (password
// rule, Argon2id, audit row), for specs that must not touch the shared demo accounts — e.g. the
// lockout spec, which would otherwise lock a demo user for 15 minutes for every later spec.
//
//   DATABASE_URL=file:tests/.tmp/e2e.db tsx tests/e2e/support/create-user.ts \
//     '{"username":"e2e_x","password":"…","displayName":"…","role":"COUNTY_OFFICER","regionName":"汉阴县"}'
//
// Prints {"id":"…"} on success; exits 1 with the reason otherwise. Run it through
// createE2eUser() in ./e2e-db.ts rather than by hand.
import { isRole } from "#app/domain/roles";
import { createUser } from "#app/models/user.server";
import { prisma } from "#app/utils/db.server";

type Input = { username: string; password: string; displayName: string; role: string; regionName?: string; departmentName?: string };

const input = JSON.parse(process.argv[2] ?? "{}") as Input;
try {
  if (!isRole(input.role)) throw new Error(`unknown role ${input.role}`);
  const region = input.regionName ? await prisma.region.findUniqueOrThrow({ where: { name: input.regionName }, select: { id: true } }) : null;
  const department = input.departmentName
    ? await prisma.department.findUniqueOrThrow({ where: { name: input.departmentName }, select: { id: true } })
    : null;
  const result = await createUser(null, {
    username: input.username,
    password: input.password,
    displayName: input.displayName,
    role: input.role,
    regionId: region?.id ?? null,
    departmentId: department?.id ?? null,
  });
  if (!result.ok) throw new Error(`createUser refused: ${result.field} ${result.message}`);
  console.log(JSON.stringify({ id: result.id }));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
