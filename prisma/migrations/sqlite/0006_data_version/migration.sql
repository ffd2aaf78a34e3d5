-- CreateTable
CREATE TABLE "DataVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" INTEGER NOT NULL DEFAULT 0
);


-- The one row the app bumps (app/utils/data-version.server.ts).
INSERT INTO "DataVersion" ("id", "version") VALUES (1, 0);
