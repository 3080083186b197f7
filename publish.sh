#!/usr/bin/env bash
# Publishes the web host (Madoguchi.Web) and the command line (madoguchi) side by side into one
# folder per target, the folder a city copies to its server (README「本番での動かし方」, ADR 0033):
#   artifacts/madoguchi-portable/   framework-dependent: needs the ASP.NET Core 10 runtime on the server
#   artifacts/madoguchi-linux-x64/  self-contained for Linux x64: needs no .NET on the server
#   artifacts/madoguchi-win-x64/    self-contained for Windows Server x64
# Usage: ./publish.sh [portable|linux-x64|win-x64]...   (no target: all three)
# MADOGUCHI_PUBLISH_OUTPUT (default ./artifacts) and MADOGUCHI_PUBLISH_CONFIGURATION (default Release)
# change where and how. Restores in locked mode: a publish never changes packages.lock.json.
set -euo pipefail
cd "$(dirname "$0")"
configuration="${MADOGUCHI_PUBLISH_CONFIGURATION:-Release}"
output="${MADOGUCHI_PUBLISH_OUTPUT:-$PWD/artifacts}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(portable linux-x64 win-x64)

for target in "${targets[@]}"; do
  case "$target" in
    portable) options=(--no-self-contained) ;;
    linux-x64|win-x64) options=(-r "$target" --self-contained) ;;
    *) echo "publish.sh: unknown target '$target' (portable, linux-x64 or win-x64)" >&2; exit 2 ;;
  esac
  folder="$output/madoguchi-$target"
  rm -rf "$folder"
  echo "Publishing $target ($configuration) to $folder"
  for project in src/Madoguchi.Web/Madoguchi.Web.csproj src/Madoguchi.Cli/Madoguchi.Cli.csproj; do
    dotnet publish "$project" -c "$configuration" "${options[@]}" -o "$folder" \
      -p:RestoreLockedMode=true -p:IsTransformWebConfigDisabled=true -nologo -v quiet
  done
  # The sample systemd units and the Windows service script travel with the build.
  cp -R deploy "$folder/deploy"
  echo "  $(ls "$folder" | wc -l) files: $(cd "$folder" && ls -d Madoguchi.Web Madoguchi.Web.exe madoguchi madoguchi.exe Madoguchi.Web.dll madoguchi.dll 2>/dev/null | tr '\n' ' ')"
done
