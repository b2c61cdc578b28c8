; Inno Setup script: turns dist\ForesightKeys\ (built by packaging\windows\build.ps1) into
; dist\ForesightKeys-0.1.0-windows-x64-setup.exe. Per-user install, no administrator rights needed.
; Written and documented here; built on Windows (Inno Setup 6: iscc packaging\windows\foresight_keys.iss).
#define AppVersion "0.1.0"

[Setup]
AppId={{6F1C4E2A-3B7D-4C1E-9A55-F0E5D1B7C3A9}
AppName=Foresight Keys
AppVersion={#AppVersion}
AppPublisher=Foresight Keys
DefaultDirName={localappdata}\Programs\Foresight Keys
DefaultGroupName=Foresight Keys
PrivilegesRequired=lowest
OutputDir=..\..\dist
OutputBaseFilename=ForesightKeys-{#AppVersion}-windows-x64-setup
Compression=lzma2/ultra64
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\ForesightKeys.exe

[Files]
Source: "..\..\dist\ForesightKeys\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{group}\Foresight Keys"; Filename: "{app}\ForesightKeys.exe"
Name: "{userdesktop}\Foresight Keys"; Filename: "{app}\ForesightKeys.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop icon"; Flags: unchecked

[Run]
Filename: "{app}\ForesightKeys.exe"; Description: "Start Foresight Keys"; Flags: nowait postinstall skipifsilent
