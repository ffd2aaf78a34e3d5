// Simplified Chinese, split by area only so that files stay short; together they are one table.
import { admin } from "./admin";
import { alerts } from "./alerts";
import { audit } from "./audit";
import { auth } from "./auth";
import { bulletin } from "./bulletin";
import { chainMap } from "./chain-map";
import { cockpit } from "./cockpit";
import { exportMessages } from "./exports";
import { common } from "./common";
import { ledger } from "./ledger";
import { landing } from "./landing";
import { landingPages } from "./landing-pages";
import { companies } from "./companies";
import { lists } from "./lists";
import { mechanism } from "./mechanism";
import { pipeline } from "./pipeline";
import { problems } from "./problems";
import { projects } from "./projects";
import { roles } from "./roles";
import { shell } from "./shell";
import { sites } from "./sites";

export const zhCN = {
  common,
  auth,
  shell,
  roles,
  admin,
  pipeline,
  companies,
  mechanism,
  audit,
  projects,
  lists,
  landing,
  landingPages,
  ledger,
  problems,
  sites,
  alerts,
  cockpit,
  exports: exportMessages,
  bulletin,
  chainMap,
} as const;
