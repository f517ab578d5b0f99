#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/corpus/<target>/ (run from anywhere; rewrites the files it names).

The SASL seeds carry valid exchanges for the harness's one user (alice / secret, realm mail.example.com, server nonce
"fuzznonce", SCRAM salt "sekisho-fuzz-salt", 4096 iterations), computed here, so the fuzzer starts from successful
logins as well as failed ones. Messages are raw and LF-separated; a first line of "-" means no initial response.
"""
import base64, hashlib, hmac, os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
USER, PASSWORD, REALM, NONCE = "alice", "secret", "mail.example.com", "fuzznonce"
SALT = b"sekisho-fuzz-salt"


def write(target, name, data):
    folder = os.path.join(ROOT, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


def lines(target, items):
    for i, item in enumerate(items, 1):
        write(target, "%02d" % i, item)


lines("smtp-command", [
    "EHLO client.example.org", "HELO [192.0.2.1]", "ehlo\t mail.example.com ",
    "MAIL FROM:<alice@example.com> SIZE=12345 BODY=8BITMIME",
    "MAIL FROM:<> RET=HDRS ENVID=QQ+2B", "mail from:<\"john doe\"@example.com> SMTPUTF8",
    "MAIL FROM:<用户@例え.jp> SMTPUTF8", "MAIL FROM:alice@example.com",
    "RCPT TO:<bob@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob+2Bx@example.org",
    "RCPT TO:<postmaster>", "RCPT TO:<@relay.example:user@example.net>", "RCPT TO:<user%other@example.com>",
    "DATA", "BDAT 1000 LAST", "AUTH PLAIN AGFsaWNlAHNlY3JldA==", "AUTH LOGIN", "AUTH SCRAM-SHA-256 =",
    "STARTTLS", "ETRN @example.org", "VRFY postmaster", "EXPN list", "HELP", "NOOP", "RSET", "QUIT",
])

lines("smtp-path", [
    "<alice@example.com> SIZE=100 BODY=7BIT", "<>", "<\"a b\\\"c\"@example.com>",
    "<@a.example,@b.example:u@c.example>", "<user@[IPv6:2001:db8::1]>", "<user@[192.0.2.1]>",
    "<user%other@example.com>", "<user@other@ours.example>", "<bob@example.org.>", "<postmaster>",
    "bare@example.com", "<a@b.example> NOTIFY=NEVER ORCPT=utf-8;\\x{3042}@example.jp",
    "<a@b.example> RET=FULL ENVID=abc+2Bdef AUTH=<>", "<ü@例え.jp> SMTPUTF8 BODY=8BITMIME",
    "<a@b.example> NOTIFY=success,DELAY ORCPT=rfc822;a+40b", "<other!user>",
])

lines("data", [
    "Subject: hi\r\n\r\nbody\r\n.\r\n", "..dot\r\n...two\r\n.\r\n", ".\r\n", "\r\n.\r\n",
    "a\r\n.\nMAIL FROM:<x@y>\r\n.\r\n", "line1\nline2\n.\n", "a\rb\r\n.\r\n", "hi\r\n.\r\nQUIT\r\n",
    "x\r\n.\r.\r\n.\r\n", "a\r\r\nb\r\n.\r\n", "From: a@b\r\nTo: c@d\r\n\r\n" + "x" * 200 + "\r\n.\r\n",
])

lines("bdat", [
    "1000 LAST\nSubject: x\r\n\r\nbody\r\n", "5\nhello", "0 LAST\n", "12 last\na\nb\rc\r\n",
    "99999999999999999999\nx", "7  LAST\r\n\r\n.\r\n",
])

lines("pop3-command", [
    "USER alice", "PASS secret with spaces", "APOP alice c4c9334bac560ecc979e58001b3e22fb", "STAT", "LIST", "LIST 1",
    "RETR 1", "DELE 2", "TOP 1 10", "TOP 1 0", "UIDL", "UIDL 3", "CAPA", "STLS", "AUTH",
    "AUTH PLAIN AGFsaWNlAHNlY3JldA==", "AUTH SCRAM-SHA-256 =", "NOOP", "RSET", "QUIT", "list 00001", "retr\t2 ",
])

lines("sasl-plain", ["\0alice\0secret", "alice\0alice\0secret", "-\n\0alice\0secret", "\0bob\0wrong", "\0alice\0", "-\n*"])
lines("sasl-login", ["-\nalice\nsecret", "alice\nsecret", "-\nalice\nwrong", "-\n\nsecret"])

cram_challenge = ("<%s@%s>" % (NONCE, REALM)).encode()
cram = hmac.new(PASSWORD.encode(), cram_challenge, hashlib.md5).hexdigest()
lines("sasl-cram-md5", ["-\nalice " + cram, "-\nalice 00000000000000000000000000000000", "alice " + cram, "-\nbob " + cram])


def md5(b):
    return hashlib.md5(b).digest()


def digest_response(cnonce, uri, authzid=None):
    secret = md5(("%s:%s:%s" % (USER, REALM, PASSWORD)).encode())
    a1 = md5(secret + (":%s:%s" % (NONCE, cnonce) + (":" + authzid if authzid else "")).encode()).hex()
    def kd(a2):
        return md5(("%s:%s:00000001:%s:auth:%s" % (a1, NONCE, cnonce, md5(a2.encode()).hex())).encode()).hex()
    return kd("AUTHENTICATE:" + uri)


uri = "smtp/" + REALM
lines("sasl-digest-md5", [
    '-\nusername="alice",realm="%s",nonce="%s",cnonce="OA6MHXh6VqTrRk",nc=00000001,qop=auth,digest-uri="%s",response=%s,charset=utf-8\n'
    % (REALM, NONCE, uri, digest_response("OA6MHXh6VqTrRk", uri)),
    '-\nusername="alice",realm="%s",nonce="%s",cnonce="abc",nc=00000001,qop=auth,digest-uri="%s",response=%s,authzid="alice"\n'
    % (REALM, NONCE, uri, digest_response("abc", uri, "alice")),
    '-\nusername="bob",realm="%s",nonce="%s",cnonce="x",nc=00000001,digest-uri="smtp/h/s",response=00000000000000000000000000000000'
    % (REALM, NONCE),
    '-\nusername="a\\"b",realm=mail.example.com,nonce=fuzznonce,cnonce="y",nc=00000002,qop=auth-int',
])


def scram(client_nonce, password=PASSWORD, user=USER):
    first_bare = "n=%s,r=%s" % (user, client_nonce)
    nonce = client_nonce + NONCE
    server_first = "r=%s,s=%s,i=4096" % (nonce, base64.b64encode(SALT).decode())
    final_bare = "c=biws,r=" + nonce
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), SALT, 4096)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored = hashlib.sha256(client_key).digest()
    auth = ",".join([first_bare, server_first, final_bare]).encode()
    signature = hmac.new(stored, auth, hashlib.sha256).digest()
    proof = bytes(a ^ b for a, b in zip(client_key, signature))
    return "n,,%s\n%s,p=%s\n" % (first_bare, final_bare, base64.b64encode(proof).decode())


lines("sasl-scram", [
    scram("rOprNGfwEbeRWgbNEkqO"), "-\n" + scram("abc"), scram("xyz", password="wrong"), scram("q", user="bob"),
    "n,a=alice,n=alice,r=abc\n", "y,,n=al=2Cice,r=abc\nc=eSws,r=abcfuzznonce,p=AAAA\n", "p=tls-unique,,n=alice,r=abc",
])

home = os.path.join(os.path.dirname(ROOT), "..", "tests", "TestData", "home-server.main.cf")
lines("main-cf", [
    open(home, encoding="utf-8").read(),
    "myhostname = mail.example.com\nmydomain = example.com\nmyorigin = $mydomain\n"
    "mydestination = $myhostname, localhost.$mydomain, localhost\nmynetworks = 127.0.0.0/8 [::1]/128 192.168.0.0/16\n"
    "smtpd_recipient_restrictions =\n    permit_mynetworks,\n    permit_sasl_authenticated,\n    reject_unauth_destination\n",
    "# submission\ninet_interfaces = loopback-only\nsmtpd_sasl_auth_enable = yes\n"
    "submission/inet/smtpd_tls_security_level = none\nmessage_size_limit = 10240000\n",
    "relay_domains = example.org, inline:{ example.net=OK }\nsmtpd_client_restrictions = check_client_access cidr:clients.cidr\n",
    "a = ${b}\nb = $a\nc = ${d?yes}${d:no}\n",
])

lines("aliases", [
    "postmaster: root\nroot: alice, bob\n", "list: :include:list.inc\n", "backup: \"|/usr/bin/backup --mail\"\narchive: /var/mail/archive\n",
    "\"quoted name\": alice\n", "long: alice,\n  bob,\n\tcarol\n# comment\n\n", "MAILER-DAEMON: postmaster\nabuse: postmaster@example.com\n",
    "loop: :include:aliases\n", "bad line without colon\n",
])

lines("cidr", [
    "192.168.0.0/16 OK\n10.0.0.0/8 REJECT\n", "!127.0.0.0/8 DUNNO\n2001:db8::/32 OK\n", "[2001:db8:1::]/48 REJECT go away\n",
    "192.0.2.1 550 5.7.1 no\n  continued text\n# comment\n", "0.0.0.0/0 PERMIT\n::/0 REJECT\n", "192.168.1.1/24 OK\n",
])

lines("sendmail-access", [
    "Connect:192.168.1 RELAY\nFrom:spammer@example.com REJECT\n", "To:example.org OK\nConnect:[IPv6:2001:db8::1] RELAY\n",
    "example.net ERROR:\"550 go away\"\n", "GreetPause:localhost 0\nConnect:10 DISCARD\n", "From:<> ERROR:5.7.1:550 no bounces\n",
])

lines("smtprelay-tab", [
    "\"192.168.0.0\"\t\"255.255.0.0\"\n", "\"10.0.0.0/8\"\n\"2001:db8::\"\t\"32\"\n", "# comment\n127.0.0.1 255.255.255.255\n",
    "\"172.16.0.0\"\t\"255.0.255.0\"\n", "\"fe80::\"\t\"ffff:ffff::\"\n",
])

lines("postfix-access", [
    "example.com OK\nspammer@ REJECT\n", "192.168.1 OK\nuser@example.org 550 5.7.1 Go away\n", "bad.example REJECT spam source\n",
    "[2001:db8::1] OK\n", "key\n  continued REJECT\n",
])
