-- CreateTable
CREATE TABLE "DataVersion" (
    "id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DataVersion_pkey" PRIMARY KEY ("id")
);


-- The one row the app bumps (app/utils/data-version.server.ts).
INSERT INTO "DataVersion" ("id", "version") VALUES (1, 0);
