import { describe, expect, it } from 'vitest';
import { linuxDrivesFromMounts } from './drives.ts';

describe('removable drive detection', () => {
  it('finds automounted USB sticks in /proc/mounts and decodes escaped names', () => {
    const mounts = [
      '/dev/vda1 / ext4 rw,relatime 0 0',
      '/dev/sdb1 /media/alice/KINGSTON vfat rw,nosuid,nodev 0 0',
      '/dev/sdc1 /run/media/bob/My\\040Stick exfat rw 0 0',
      'tmpfs /run/user/1000 tmpfs rw 0 0',
    ].join('\n');
    expect(linuxDrivesFromMounts(mounts)).toEqual([
      { path: '/media/alice/KINGSTON', label: 'KINGSTON', platform: 'linux' },
      { path: '/run/media/bob/My Stick', label: 'My Stick', platform: 'linux' },
    ]);
  });
});
