# punctual as a real Windows service under the real SCM, for .github/workflows/windows.yml (run as an
# administrator): a service whose program takes 40 s to listen installed with punctual install; the
# SCM says START_PENDING until the port answers (where a bare program is failed by the SCM's 30 s
# wait), RUNNING after; punctual status and sc query agree; punctual stop ends it STOPPED with exit 0;
# uninstall leaves no service; --progress-timeout on a busy child and on a sleeping one. Then the
# glue's own driver: the Job's accounting; install, start, query, stop, uninstall.
# Prints one line per check and exits 1 if any failed. Not run on the Linux machines.
param([Parameter(Mandatory)][string]$Punctual, [Parameter(Mandatory)][string]$Driver)
$ErrorActionPreference = 'Stop'
$failed = 0
function Check([string]$What, [bool]$Ok) {
    if ($Ok) { Write-Output "ok   $What" } else { Write-Output "FAIL $What"; $script:failed++ }
}
function State([string]$Name) {
    $line = (sc.exe query $Name | Select-String 'STATE') -as [string]
    if ($line -match '\d+\s+(\w+)') { $Matches[1] } else { 'NONE' }
}

$punctual = (Resolve-Path $Punctual).Path
$work = Join-Path $env:RUNNER_TEMP "punctual-e2e"
New-Item -ItemType Directory -Force $work | Out-Null
$listener = Join-Path $work 'slow-listener.ps1'
@'
Start-Sleep -Seconds 40
$server = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 18080)
$server.Start()
while ($true) { $server.AcceptTcpClient().Close() }
'@ | Set-Content $listener

$name = 'punctual-e2e-slow'
& $punctual install $name --ready tcp:127.0.0.1:18080 --startup-budget 2m --stop-timeout 10s -- `
    powershell.exe -NoProfile -ExecutionPolicy Bypass -File $listener
Check "install exits 0" ($LASTEXITCODE -eq 0)
Check "sc query knows the service, STOPPED" ((State $name) -eq 'STOPPED')

$started = Get-Date
$start = Start-Job { param($p, $n) & $p start $n; $LASTEXITCODE } -ArgumentList $punctual, $name
Start-Sleep -Seconds 35
Check "35 s in (past the SCM's 30 s): START_PENDING, not failed" ((State $name) -eq 'START_PENDING')
$code = Receive-Job $start -Wait
$took = ((Get-Date) - $started).TotalSeconds
Check "punctual start waits for RUNNING and exits 0 ($([int]$took) s)" ($code -eq 0 -and $took -ge 39)
Check "sc query: RUNNING" ((State $name) -eq 'RUNNING')
$status = & $punctual status $name | Out-String
Check "punctual status says running" ($status -match 'RUNNING|running')

& $punctual stop $name
Check "punctual stop exits 0" ($LASTEXITCODE -eq 0)
Check "sc query: STOPPED" ((State $name) -eq 'STOPPED')
$exit = (sc.exe query $name | Select-String 'WIN32_EXIT_CODE') -as [string]
Check "the service's exit code is 0 ($exit)" ($exit -match ':\s+0\s')
& $punctual uninstall $name
Check "uninstall exits 0, and the service is gone" ($LASTEXITCODE -eq 0 -and (State $name) -eq 'NONE')

# --progress-timeout reads the Job's CPU time and I/O: a child busy on CPU for 8 s, silent and with
# no port, is not failed at 3 s; one that only sleeps is failed with 124 soon after 3 s.
$busy = '$end = (Get-Date).AddSeconds(8); while ((Get-Date) -lt $end) { }; exit 3'
$began = Get-Date
& $punctual run --progress-timeout 3s --ready tcp:127.0.0.1:18081 -- powershell.exe -NoProfile -Command $busy
$took = ((Get-Date) - $began).TotalSeconds
Check "--progress-timeout: a child busy on CPU lives to its own end ($([int]$took) s, exit $LASTEXITCODE)" `
    ($took -ge 7.5 -and $LASTEXITCODE -ne 124)
$began = Get-Date
& $punctual run --progress-timeout 3s --ready tcp:127.0.0.1:18081 -- powershell.exe -NoProfile -Command "Start-Sleep 60"
$took = ((Get-Date) - $began).TotalSeconds
Check "--progress-timeout: a child that only sleeps is failed with 124 ($([int]$took) s, exit $LASTEXITCODE)" `
    ($LASTEXITCODE -eq 124 -and $took -lt 15)

$driver = (Resolve-Path $Driver).Path
$usage = & $driver probe usage 'cmd.exe /d /s /c "copy /y C:\Windows\System32\kernel32.dll %TEMP%\punctual-usage.dll >nul"'
Check "the Job's accounting: CPU time and bytes written ($usage)" `
    ($usage -match 'usage error=0 cpu-ms=\d+ read=\d+ written=([1-9]\d{5,})')
$glue = 'punctual-e2e-glue'
$trace = Join-Path $work 'trace.txt'
$log = Join-Path $work 'child.log'
& $driver install $glue "`"$driver`" service $glue --trace `"$trace`" --log `"$log`" --lines 100 --ready-ms 2000 --tag A"
& $driver start $glue 30000
Check "the glue's driver as a service: RUNNING after its child said ready" ((State $glue) -eq 'RUNNING')
& $driver stop $glue 30000
Check "the glue's driver: STOPPED on STOP" ((State $glue) -eq 'STOPPED')
& $driver uninstall $glue
Check "the glue's driver: uninstalled" ((State $glue) -eq 'NONE')

if ($failed -gt 0) { Write-Output "$failed check(s) failed"; exit 1 }
Write-Output "all checks passed"
