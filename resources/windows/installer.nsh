; Ceremony's NSIS additions: a `ceremony.cmd` beside Ceremony.exe that runs the app binary as the
; command line (`--cli`, no window). Add the install folder to PATH to type `ceremony` anywhere.
!macro customInstall
  FileOpen $0 "$INSTDIR\ceremony.cmd" w
  FileWrite $0 '@echo off$\r$\n"%~dp0${APP_EXECUTABLE_FILENAME}" --cli %*$\r$\n'
  FileClose $0
!macroend

!macro customUnInstall
  Delete "$INSTDIR\ceremony.cmd"
!macroend
