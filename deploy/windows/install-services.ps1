# Installs the two Windows services of Madoguchi (README「本番での動かし方」, ADR 0033):
#   MadoguchiOffice  Madoguchi.Web.exe --zone office   (the owner role)
#   MadoguchiPublic  Madoguchi.Web.exe --zone public   (the public role madoguchi_public)
# Each runs as its own virtual account (NT SERVICE\<name>), not as LocalSystem, and reads its
# settings from its own environment, written here from office.env / public.env (the same
# NAME=value lines as on Linux, see deploy/systemd/*.env.example) into the service's registry key.
# Run in an elevated PowerShell from the published folder (publish.sh win-x64), e.g.:
#   .\deploy\windows\install-services.ps1 -Folder C:\Madoguchi -Settings C:\ProgramData\Madoguchi
param(
    [string] $Folder = (Resolve-Path "$PSScriptRoot\..\..").Path,
    [string] $Settings = "C:\ProgramData\Madoguchi"
)
$ErrorActionPreference = "Stop"
$exe = Join-Path $Folder "Madoguchi.Web.exe"
if (-not (Test-Path $exe)) { throw "$exe がありません / not found: publish with ./publish.sh win-x64 first." }

# The office keeps data\ (card key, audit keys, uploads) in the program folder: a Windows service
# works in its own folder. Only the office's account may change it.
$data = Join-Path $Folder "data"
New-Item -ItemType Directory -Force -Path $data | Out-Null

function Install-MadoguchiService([string] $Name, [string] $Zone, [string] $EnvFile, [string] $Display, [string] $Depend) {
    if (-not (Test-Path $EnvFile)) { throw "$EnvFile がありません / not found." }
    if (Get-Service -Name $Name -ErrorAction SilentlyContinue) { sc.exe stop $Name | Out-Null; sc.exe delete $Name | Out-Null; Start-Sleep 2 }
    $arguments = @("create", $Name, "binPath=", "`"$exe`" --zone $Zone", "start=", "delayed-auto",
        "obj=", "NT SERVICE\$Name", "DisplayName=", $Display)
    if ($Depend) { $arguments += @("depend=", $Depend) }
    sc.exe @arguments
    if ($LASTEXITCODE -ne 0) { throw "sc.exe create $Name failed ($LASTEXITCODE)" }
    sc.exe failure $Name reset= 86400 actions= restart/5000/restart/5000/restart/60000 | Out-Null
    # NAME=value lines, comments and blank lines left out; the service manager gives them to the process.
    $lines = Get-Content -Encoding UTF8 $EnvFile | Where-Object { $_ -match '^\s*[^#\s][^=]*=' } | ForEach-Object { $_.Trim() }
    Set-ItemProperty -Path "HKLM:\SYSTEM\CurrentControlSet\Services\$Name" -Name Environment -Type MultiString -Value $lines
}

Install-MadoguchiService "MadoguchiOffice" "office" (Join-Path $Settings "office.env") "Madoguchi office zone" $null
Install-MadoguchiService "MadoguchiPublic" "public" (Join-Path $Settings "public.env") "Madoguchi public zone" "MadoguchiOffice"

# Read and run the program folder; only the office may write data\. The settings files hold passwords.
icacls $Folder /grant "NT SERVICE\MadoguchiOffice:(OI)(CI)RX" "NT SERVICE\MadoguchiPublic:(OI)(CI)RX" | Out-Null
icacls $data /inheritance:r /grant "Administrators:(OI)(CI)F" "SYSTEM:(OI)(CI)F" "NT SERVICE\MadoguchiOffice:(OI)(CI)M" | Out-Null
icacls $Settings /inheritance:r /grant "Administrators:(OI)(CI)F" "SYSTEM:(OI)(CI)F" | Out-Null

Write-Host "次に / Next: .\madoguchi.exe db migrate (with office.env's settings), then"
Write-Host "  sc.exe start MadoguchiOffice; sc.exe start MadoguchiPublic"
