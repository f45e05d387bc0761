# Renders chat templates as Hugging Face transformers apply_chat_template does (Jinja2 ImmutableSandboxedEnvironment,
# trim_blocks, lstrip_blocks, loopcontrols, tojson with ensure_ascii=False, raise_exception, strftime_now).
# stdin: JSON list of {"template", "context", "now"}; stdout: JSON list of {"text"} or {"error"}.
import json, sys
from datetime import datetime
import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.exceptions import TemplateError
import jinja2.ext

def raise_exception(message):
    raise TemplateError(message)

def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

NOW = [datetime.now()]


def strftime_now(fmt):
    return NOW[0].strftime(fmt)

env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols])
env.filters["tojson"] = tojson
env.globals["raise_exception"] = raise_exception
env.globals["strftime_now"] = strftime_now
out = []
for case in json.load(sys.stdin):
    NOW[0] = datetime.fromisoformat(case["now"])
    try:
        out.append({"text": env.from_string(case["template"]).render(**case["context"])})
    except Exception as e:
        out.append({"error": type(e).__name__ + ": " + str(e)})
json.dump(out, sys.stdout, ensure_ascii=False)
