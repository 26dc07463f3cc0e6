#!/usr/bin/env bash
# Installs the Debian packages the system suites need (idempotent; quick when all are present).
# Orthanc + DICOMweb plugin (reference PACS), PostgreSQL 15, Chromium (browser tests), dicom3tools
# (dciodvfy), dcmtk, pydicom + numpy (its waveform decoder needs numpy), poppler-utils (PDF checks), CJK fonts.
set -euo pipefail
PKGS=(orthanc orthanc-dicomweb postgresql chromium dicom3tools dcmtk python3-pydicom python3-numpy poppler-utils fonts-noto-cjk fonts-wqy-microhei)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "provision: all system packages present"
  exit 0
fi
echo "provision: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The Debian packages start their own services; the tests start private instances on free ports.
for svc in orthanc postgresql; do
  ($SUDO service "$svc" stop >/dev/null 2>&1 || true)
done
echo "provision: done"
