// Command words for command-injection detection, by how much evidence they need. Drawn from
// the programs attackers run (GTFOBins-style Unix binaries, Windows commands, PowerShell
// cmdlets), tiered by how often the word also occurs in ordinary text.

/** Never ordinary words: after a separator they count on their own. */
export const TIER_ALWAYS = 1;
/** Short tool names (ls, id, nc): they count with arguments, or alone right after a separator. */
export const TIER_SHORT = 2;
/** Commands that are also words (cat, find, sleep): they count only with command-like arguments. */
export const TIER_WORD = 3;

/** Tier bits. */
export const TIER_MASK = 3;
/** The first argument may be a bare number: `; sleep 5`, `| ping 10.0.0.1`. */
export const F_NUMERIC = 4;
/** Runs the command that follows: `time ifconfig`, `nohup sh -c ...`. */
export const F_PREFIX = 8;
/** A Windows (cmd.exe or PowerShell) command. */
export const F_WINDOWS = 16;

const ALWAYS = [
  // Unix recon, network and shells
  'whoami uname ifconfig netstat nslookup wget ncat netcat socat busybox chmod chown chgrp chattr useradd',
  'usermod userdel adduser addgroup groupmod chpasswd crontab printenv xxd msfvenom getent lsof sysctl',
  'traceroute traceroute6 tcptraceroute passwd hostname hostnamectl dmesg dmidecode journalctl systemctl',
  'timedatectl loginctl ldconfig lsb_release lscpu lshw lsmod lspci lsusb blkid fdisk losetup mkfifo mknod',
  'mktemp nsenter unshare setarch capsh pkexec sudoedit visudo vipw vigr chsh iptables ip6tables tcpdump',
  'tshark nmap masscan hping3 fping nping tcping arping sqlite3 mysqldump mysqladmin pg_dump php-cgi',
  'python2 python3 perl5 nodejs tclsh jrunscript jshell strace ltrace valgrind htop lastlog lastcomm',
  'pgrep pkill killall iconv hexdump readelf objdump ssh-keygen ssh-keyscan ssh-copy-id sshpass rsync',
  'lftp lftpget smbclient rpcclient aria2c base32 base64 basenc bsdtar bsdcat bunzip2 bzcat bzip2 gunzip',
  'gzip unxz unzstd zstd zstdcat xzcat lzcat zcat unlzma unrar unzip zipinfo mkdir rmdir egrep fgrep',
  'zgrep gawk mawk nawk xargs usleep umount poweroff openssl openvpn kubectl javac cmake cpan pip3',
  'apt-get aptitude dpkg zypper opkg rpmquery ansible ansible-playbook ansible-galaxy ansible-config',
  'ansible-console ansible-doc ansible-inventory ansible-pull ansible-vault ansible-test chef-client',
  'chef-shell chef-solo chef-run chef-apply cscli rmt-tar nohup stdbuf setsid chroot ulimit umask',
  'whereis pidstat sshd rlogin rexec telnet lua5.1 update-alternatives start-stop-daemon run-parts',
  'run-mailcap exiftool genisoimage cpulimit taskset ionice flock shuf',
  // More GTFOBins-style binaries that are not words
  'agetty ascii-xfr ascii85 atobm bpftrace busctl byebug certbot check_by_ssh check_cups check_log check_memory',
  'check_raid check_ssl_cert check_statusfile choom cobc cobcrun cowsay cowthink cpio csplit csvtool cupsfilter',
  'dmsetup dosbox dvips easy_install efax facter gcore genie ghci ginsh gtester hping3 iftop ispell journalctl jq',
  'ksshell latex lualatex luatex lwp-download lwp-request lwp-mirror mosquitto msgattrib msgcat msgconv msgfilter',
  'msgmerge msguniq nasm neofetch nroff octave openvt pdflatex pdftex pkg_info pkginfo psed psftp psql rlwrap',
  'rpmdb rpmverify rsync-ssl rview rvim sash slsh soelim systemd-resolve tclsh troff unexpand uudecode uuencode',
  'vimdiff virsh whiptail xelatex xetex xmodmap xmore zathura zsoelim bzdiff bzegrep bzgrep bzless bzmore xzgrep',
  'xzless xzmore lzgrep lzless lzmore zipgrep zipcloak zipnote zipsplit lz4cat unlz4 pigz unpigz svnadmin svnlook',
  'mysqlshow mysqlhotcopy htdigest htpasswd ippfind ipptool lessecho lessfile lesspipe mailq mailx lastlogin',
  'py3versions pyversions rmuser rnano sudoreplay tailf up2date uncompress dhclient e2fsck fdmount netplan nstat',
  'perlsh setfacl getfacl hostid logname realpath mlocate sendmail zstdgrep zstdless zstdmt unzstd lzma unlzma',
  'lzmainfo lzcmp zcmp zdiff zegrep zfgrep zless zmore bzip2recover arjdisp arj-register tcptraceroute dnscmd',
  'ntdsutil dsacls dsadd dsget dsmod csvde ldifde repadmin dcdiag netdom nbtstat wevtutil auditpol bcdedit',
  'mountvol diskshadow vssadmin wbadmin sxstrace sysocmgr tscon tskill typeperf waitfor winrm wecutil ftype assoc',
  'doskey icacls subst takeown tzutil verifier xcopy qwinsta rwinsta rpcping schtasks',
  // Windows
  'ipconfig systeminfo tasklist taskkill certutil bitsadmin wmic mshta rundll32 regsvr32 cscript wscript',
  'tracert pathping findstr forfiles wevtutil vssadmin schtasks netsh xcopy robocopy attrib chkdsk',
  'diskpart takeown nltest dsquery klist cmdkey setx nbtstat getmac gpresult msiexec bcdboot bcdedit cacls',
  'icacls fsutil psexec winrs powershell pwsh cmstp regini reagentc wusa auditpol driverquery qprocess',
  'quser qwinsta openfiles cipher makecab expand.exe esentutl ntdsutil',
  // PowerShell cmdlets that run code, fetch it or look around
  'invoke-expression invoke-webrequest invoke-restmethod invoke-command invoke-item invoke-wmimethod',
  'invoke-cimmethod start-process start-job start-bitstransfer new-object get-childitem get-content',
  'set-content add-content out-file get-process stop-process get-service new-service set-executionpolicy',
  'get-executionpolicy get-wmiobject get-ciminstance get-itemproperty set-itemproperty new-itemproperty',
  'add-type import-module get-localuser new-localuser',
  'add-localgroupmember get-acl set-acl convertto-securestring convertfrom-securestring get-credential',
  'resolve-dnsname get-netipaddress get-nettcpconnection',
  'enter-pssession',
  'new-pssession get-clipboard set-mppreference add-mppreference get-mpcomputerstatus',
  'get-computerinfo get-hotfix restart-computer stop-computer register-scheduledtask',
  'new-scheduledtaskaction expand-archive compress-archive',
].join(' ');

const SHORT = [
  'id ls ll pwd nc sh bash zsh ksh csh tcsh rbash pdksh curl tftp ftp sftp scp ssh rsh ps env awk sed grep',
  'cp mv rm ln dd nl tac uniq wc tr od nm gcc c89 c99 clang gdb irb pry php php5 php7 lua git svn npm npx',
  'pip pip2 yum dnf apk rpm tar 7z 7za xz lz4 gpg sudo doas su df du arp jjs w3m rmt cmd dir cls',
  'ver vol iex iwr irm gci sal saps wget2 ncat6 ls-al',
  'tic pic pg hd ul ss sg ld ip mtr ptx tbl eqn ghc nl od grc jjs pry pdksh rcp lz4 pxz 7zr 7zx w3m',
].join(' ');

const WORD = [
  'cat more less head tail find type kill sleep echo touch set ping net date who last top sort cut tee',
  'python perl ruby node ssh telnet timeout expr dig host whois rev strings which locate copy start',
  'call reg sc net1 zip tar service systemctl apt yum time watch nice exec eval source export unset',
  'trap history jobs true false alias command file stat paste join split fold fmt column comm bridge',
  'printf print mount free uptime groups finger mail make docker gem yarn composer java deno bun',
  'perf install patch link look cd md rd ren erase move tree where shutdown reboot halt route del',
  'script screen tmux nano vi vim view ex ed emacs pico man info test read wait ash dash fish',
  'knife puppet salt expect wish links lynx fetch axel crash task watch sort rc',
].join(' ');

/** Command words and their flags. */
export const COMMANDS = new Map<string, number>();
for (const w of ALWAYS.split(' ')) if (w !== '') COMMANDS.set(w, TIER_ALWAYS);
for (const w of SHORT.split(' ')) if (w !== '' && !COMMANDS.has(w)) COMMANDS.set(w, TIER_SHORT);
for (const w of WORD.split(' ')) if (w !== '' && !COMMANDS.has(w)) COMMANDS.set(w, TIER_WORD);
for (const w of 'sleep usleep timeout ping'.split(' ')) COMMANDS.set(w, (COMMANDS.get(w) as number) | F_NUMERIC);
for (const w of 'time nohup strace ltrace timeout watch busybox command sudo doas env exec nice stdbuf setsid xargs'.split(' ')) {
  COMMANDS.set(w, (COMMANDS.get(w) as number) | F_PREFIX);
}
for (const w of ('ipconfig systeminfo tasklist taskkill certutil bitsadmin wmic mshta rundll32 regsvr32 cscript wscript '
  + 'tracert pathping findstr forfiles wevtutil vssadmin schtasks netsh xcopy robocopy attrib chkdsk diskpart takeown '
  + 'nltest dsquery klist cmdkey setx nbtstat getmac gpresult msiexec bcdboot bcdedit cacls icacls fsutil psexec winrs '
  + 'powershell pwsh cmd dir del cls ver vol type copy start call reg sc net net1 md rd ren erase move tree where '
  + 'iex iwr irm gci sal saps').split(' ')) {
  COMMANDS.set(w, (COMMANDS.get(w) as number) | F_WINDOWS);
}

/** Commands that are words on their own but not with these subcommands or arguments. */
export const SUBCOMMANDS = new Set(['net user', 'net localgroup', 'net group', 'net share', 'net use', 'net view',
  'net start', 'net stop', 'net session', 'net accounts', 'net1 user', 'reg add', 'reg query', 'reg save',
  'reg delete', 'reg export', 'sc create', 'sc config', 'sc query', 'sc start', 'sc stop', 'sc qc', 'type nul',
  'set /a', 'set /p', 'pip install', 'pip3 install', 'npm install', 'gem install', 'apt install', 'apt-get install',
  'yum install', 'docker run', 'docker exec', 'git clone', 'start cmd', 'start powershell', 'cmd /c', 'cmd /k',
  'copy con', 'python -c', 'perl -e', 'ruby -e', 'php -r', 'node -e', 'ansible all', 'cscli alerts',
  'cscli decisions', 'service --status-all', 'find .', 'rmt --version']);

/** Where separators may sit inside sensitive files that globs (`/e?c/p*sswd`) spell. */
export const GLOB_TARGETS = [
  '/etc/passwd', '/etc/shadow', '/etc/group', '/etc/hosts', '/etc/issue', '/etc/hostname', '/etc/sudoers',
  '/etc', '/bin', '/usr', '/proc/self/environ', '/bin/sh', '/bin/bash', '/bin/cat', '/bin/ls', '/bin/nc',
  '/bin/id', '/bin/busybox', '/usr/bin/id', '/usr/bin/whoami', '/usr/bin/wget', '/usr/bin/curl',
  '/usr/bin/python', '/usr/bin/perl', '/usr/bin/nc', '/usr/bin/cat', '/sbin/ifconfig', '/bin/uname', '/bin/ping',
  '/usr/bin/uname', '/usr/bin/env', '/bin/echo', '/bin/netcat', '/usr/bin/ncat', '/usr/bin/nc.openbsd',
];
