#!/usr/bin/env bash
# Quick start: installs what is missing, builds, creates the SQLite demo database with demo
# accounts and data, and starts the production server on http://localhost:${PORT:-3000}.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-system.sh
source scripts/lib/ensure-system.sh
zs_ensure_build_tools

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> Installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

export DATABASE_URL="${DATABASE_URL:-file:./data/zhaoshang.db}"
echo "==> Building"
npm run --silent build
echo "==> Preparing the database ($DATABASE_URL)"
npm run --silent db:migrate
npm run --silent db:seed -- --demo

echo "==> Starting 招商引资项目管理平台 at http://localhost:${PORT:-3000} (demo password Zhaoshang@2026)"
NODE_ENV=production ZS_INSECURE_COOKIES="${ZS_INSECURE_COOKIES:-1}" exec node server.js
