import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Mounted removable drives, for one-click export and import on air-gapped machines.
 *
 * - Linux: mount points under /media/<user>/, /run/media/<user>/ and /media/ (udisks and
 *   desktop automounters put USB sticks there), read from /proc/mounts.
 * - macOS: the volumes in /Volumes, except the one that is the system disk.
 * - Windows: drives of type 2 (removable) from WMI.
 */
export interface Drive {
  path: string;
  label: string;
  platform: NodeJS.Platform;
}

const LINUX_PREFIXES = ['/media/', '/run/media/'];

function unescapeMount(s: string): string {
  // /proc/mounts escapes space, tab, newline and backslash as octal.
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

export function linuxDrivesFromMounts(mounts: string): Drive[] {
  const out: Drive[] = [];
  for (const line of mounts.split('\n')) {
    const fields = line.split(' ');
    if (fields.length < 3) continue;
    const mountPoint = unescapeMount(fields[1]!);
    if (!LINUX_PREFIXES.some((p) => mountPoint.startsWith(p))) continue;
    out.push({ path: mountPoint, label: basename(mountPoint), platform: 'linux' });
  }
  return out;
}

export function macDrives(volumesDir = '/Volumes'): Drive[] {
  if (!existsSync(volumesDir)) return [];
  const rootDev = statSync('/').dev;
  return readdirSync(volumesDir)
    .filter((name) => !name.startsWith('.'))
    .map((name) => join(volumesDir, name))
    .filter((p) => {
      try {
        return statSync(p).isDirectory() && statSync(p).dev !== rootDev;
      } catch {
        return false;
      }
    })
    .map((p) => ({ path: p, label: basename(p), platform: 'darwin' as const }));
}

async function windowsDrives(): Promise<Drive[]> {
  try {
    const { stdout } = await promisify(execFile)(
      'powershell.exe',
      [
        '-NoProfile',
        '-NonInteractive',
        '-Command',
        'Get-CimInstance Win32_LogicalDisk -Filter "DriveType=2" | ForEach-Object { "$($_.DeviceID)|$($_.VolumeName)" }',
      ],
      { timeout: 5000, windowsHide: true },
    );
    return stdout
      .split(/\r?\n/)
      .filter((l) => /^[A-Z]:\|/.test(l))
      .map((l) => {
        const [dev, name] = l.split('|') as [string, string];
        return { path: `${dev}\\`, label: name ? `${name} (${dev})` : dev, platform: 'win32' as const };
      });
  } catch {
    return [];
  }
}

export async function listRemovableDrives(platform: NodeJS.Platform = process.platform): Promise<Drive[]> {
  if (platform === 'linux') {
    try {
      return linuxDrivesFromMounts(readFileSync('/proc/mounts', 'utf8'));
    } catch {
      return [];
    }
  }
  if (platform === 'darwin') return macDrives();
  if (platform === 'win32') return windowsDrives();
  return [];
}
