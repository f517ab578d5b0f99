"""Runs one POP3 session with Python's poplib and prints what happened as one JSON object.

usage: poplib_session.py PORT [--source-address IP] [--ssl | --stls]
                         [--user NAME --password SECRET | --apop NAME SECRET] [ACTION ...]

ACTION is one of: capa, stat, list, list:N, uidl, uidl:N, top:N:LINES, retr:N, dele:N, rset, noop, quit.
A session without "quit" ends by closing the socket (no UPDATE state). Each action's outcome is one entry
of "results": the server's response line, and for listings the lines, for retr/top the content in base64
(poplib's lines joined with CRLF, dot-stuffing undone by poplib). A -ERR answer (poplib.error_proto) is
recorded as {"error": ...} and the session goes on. Exit code 0 unless the connection or the login failed.
Standard library only; the server certificate is not verified.
"""
import argparse
import base64
import json
import poplib
import socket
import ssl
import sys


def text(value):
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def no_verify():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class SourcePOP3(poplib.POP3):
    """poplib.POP3 connecting from a chosen local address (poplib has no source_address)."""
    source_address = None

    def _create_socket(self, timeout):
        return socket.create_connection((self.host, self.port), timeout, source_address=self.source_address)


class SourcePOP3SSL(poplib.POP3_SSL):
    """poplib.POP3_SSL connecting from a chosen local address."""
    source_address = None

    def _create_socket(self, timeout):
        sock = socket.create_connection((self.host, self.port), timeout, source_address=self.source_address)
        return self.context.wrap_socket(sock, server_hostname=self.host)


def content(lines):
    return base64.b64encode(b"".join(line + b"\r\n" for line in lines)).decode("ascii")


def run(pop, action):
    name, _, rest = action.partition(":")
    arguments = rest.split(":") if rest else []
    if name == "capa":
        return {"capabilities": sorted(pop.capa().keys())}
    if name == "stat":
        count, size = pop.stat()
        return {"count": count, "size": size}
    if name in ("list", "uidl"):
        call = getattr(pop, name)
        if arguments:
            return {"response": text(call(arguments[0]))}
        response, lines, _ = call()
        return {"response": text(response), "lines": [text(line) for line in lines]}
    if name == "retr":
        response, lines, octets = pop.retr(arguments[0])
        return {"response": text(response), "content": content(lines), "octets": octets}
    if name == "top":
        response, lines, octets = pop.top(arguments[0], int(arguments[1]))
        return {"response": text(response), "content": content(lines), "octets": octets}
    if name == "dele":
        return {"response": text(pop.dele(arguments[0]))}
    if name in ("rset", "noop", "quit"):
        return {"response": text(getattr(pop, name)())}
    raise ValueError("unknown action " + action)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("actions", nargs="*")
    parser.add_argument("--source-address")
    parser.add_argument("--ssl", action="store_true", help="implicit TLS (POP3S)")
    parser.add_argument("--stls", action="store_true", help="STLS before logging in")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--apop", nargs=2, metavar=("NAME", "SECRET"))
    args = parser.parse_intermixed_args()

    result = {"result": "ok", "tls": None, "results": []}
    source = (args.source_address, 0) if args.source_address else None
    try:
        if args.ssl:
            SourcePOP3SSL.source_address = source
            pop = SourcePOP3SSL("127.0.0.1", args.port, timeout=20, context=no_verify())
        else:
            SourcePOP3.source_address = source
            pop = SourcePOP3("127.0.0.1", args.port, timeout=20)
        result["welcome"] = text(pop.getwelcome())
        if args.stls:
            result["stls"] = text(pop.stls(context=no_verify()))
        if isinstance(pop.sock, ssl.SSLSocket):
            result["tls"] = pop.sock.version()
        try:
            if args.apop:
                result["login"] = text(pop.apop(*args.apop))
            elif args.user:
                result["user"] = text(pop.user(args.user))
                result["login"] = text(pop.pass_(args.password))
        except poplib.error_proto as error:
            result["result"] = "login failed"
            result["login"] = text(error.args[0])
            result["results"].append({"action": "quit", "response": text(pop.quit())})
            return finish(result)
        for action in args.actions:
            try:
                entry = run(pop, action)
            except poplib.error_proto as error:
                entry = {"error": text(error.args[0])}
            entry["action"] = action
            result["results"].append(entry)
        if "quit" not in args.actions:
            pop.close()
    except (poplib.error_proto, OSError) as error:
        result["result"] = type(error).__name__
        result["message"] = text(error.args[0]) if error.args else str(error)
    return finish(result)


def finish(result):
    json.dump(result, sys.stdout)
    return 0 if result["result"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
