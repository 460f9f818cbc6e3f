# The classic tutorial pattern this example ports: a Flask app that logs every access with a
# decorator and writes security events as free text through a log_security_event helper.
import logging
from functools import wraps
from flask import Flask, request, abort

app = Flask(__name__)
logging.basicConfig(filename="security.log", level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(message)s")
security_logger = logging.getLogger("security")

USERS = {"admin": "s3cret"}


def log_security_event(message, level=logging.WARNING):
    security_logger.log(level, message)


def log_access(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        security_logger.info("Access to %s from %s", request.path, request.remote_addr)
        return view(*args, **kwargs)
    return wrapper


@app.route("/login", methods=["POST"])
@log_access
def login():
    username = request.form.get("username", "")
    if USERS.get(username) != request.form.get("password"):
        log_security_event("Failed login attempt from " + request.remote_addr)
        abort(401)
    log_security_event("User %s logged in" % username, logging.INFO)
    return "welcome"


@app.route("/admin")
@log_access
def admin():
    if request.args.get("token") != "letmein":
        log_security_event("Unauthorized access to /admin from " + request.remote_addr)
        abort(403)
    return "admin panel"
