package org.tokenheatmap.engine.chat;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jinjava.javax.el.CompositeELResolver;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;

/**
 * Jinjava set up as Hugging Face transformers sets up Jinja2 for chat templates ({@code trim_blocks},
 * {@code lstrip_blocks}, {@code raise_exception}, {@code strftime_now}, a {@code tojson} that writes like Python's
 * {@code json.dumps(ensure_ascii=False)}), plus what Jinjava lacks for real templates: Python string methods
 * ({@link PythonStringMethods}), {@code [::-1]} (rewritten as {@code |reverse}) and keyword arguments whose value is
 * an operator expression ({@code namespace(last=messages|length - 1)}: Jinjava binds {@code name=} tighter than
 * {@code -}, so such values are parenthesised before parsing) and {@code not x is defined} (parenthesised as
 * {@code not (x is defined)}, Jinja2's reading). {@code strftime_now} is also bound as a variable so that
 * {@code strftime_now is defined} holds, as it does in transformers.
 */
final class HfJinja {
    /** Context variable holding the time {@code strftime_now} formats (a test can fix it). */
    static final String NOW = "__heatmap_now__";

    private static final Jinjava JINJAVA = create();
    private static final Pattern REVERSE_SLICE = Pattern.compile("\\[\\s*:\\s*:\\s*-1\\s*\\]");
    /** {@code not x is defined}: Jinja2 reads {@code not (x is defined)}, Jinjava {@code (not x) is defined}. */
    private static final Pattern NOT_TEST = Pattern.compile("\\bnot\\s+([A-Za-z_][\\w.]*(?:\\[[^\\]]*\\])*)\\s+is\\s+(not\\s+)?(\\w+)\\b");
    private static final Pattern KEYWORD = Pattern.compile("\\s*[A-Za-z_]\\w*\\s*=(?!=)");

    private HfJinja() {}

    /** Thrown by {@code raise_exception(message)} and for any error Jinjava reports. */
    static final class TemplateProblem extends RuntimeException {
        TemplateProblem(String message) { super(message); }
    }

    private static Jinjava create() {
        LegacyOverrides overrides = LegacyOverrides.newBuilder()
                .withParseWhitespaceControlStrictly(true)
                .withUseTrimmingForNotesAndExpressions(true)
                .withUseNaturalOperatorPrecedence(true)
                .withKeepNullableLoopValues(true)
                .withAllowAdjacentTextNodes(true)
                .withHandleBackslashInQuotesOnly(true)
                .build();
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStringMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true).withLstripBlocks(true)
                .withLegacyOverrides(overrides)
                .withElResolver(resolver)
                .withFailOnUnknownTokens(false)
                .withNestedInterpretationEnabled(false) // a message that contains {{ }} is text, not template
                .build();
        Jinjava jinjava = new Jinjava(config);
        var globals = jinjava.getGlobalContext();
        globals.registerFunction(new ELFunctionDefinition("", "raise_exception", HfJinja.class, "raiseException", Object.class));
        globals.registerFunction(new ELFunctionDefinition("", "strftime_now", HfJinja.class, "strftimeNow", String.class));
        globals.registerFilter(new ToJson());
        return jinjava;
    }

    /** Renders {@code template} with {@code variables}; any template error becomes a {@link TemplateProblem}. */
    static String render(String template, Map<String, Object> variables, LocalDateTime now) {
        Map<String, Object> context = new LinkedHashMap<>(variables);
        context.put(NOW, now);
        context.put("strftime_now", "strftime_now"); // for "is defined"; calls go to the function of that name
        RenderResult result = JINJAVA.renderForResult(adapt(template), context);
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() != TemplateError.ErrorType.FATAL) continue;
            Throwable cause = error.getException();
            while (cause != null && !(cause instanceof TemplateProblem)) cause = cause.getCause();
            String message = cause != null ? cause.getMessage() : error.getMessage();
            throw new TemplateProblem(error.getLineno() > 0 ? "line " + error.getLineno() + ": " + message : message);
        }
        return result.getOutput();
    }

    public static Object raiseException(Object message) {
        throw new TemplateProblem("the template raised an exception: " + message);
    }

    public static String strftimeNow(String format) {
        Object now = JinjavaInterpreter.getCurrent().getContext().get(NOW);
        return Strftime.format(format, now instanceof LocalDateTime t ? t : LocalDateTime.now());
    }

    /** The template with the constructs Jinjava cannot parse rewritten inside its tags. */
    static String adapt(String template) {
        StringBuilder out = new StringBuilder(template.length() + 16);
        int i = 0;
        while (i < template.length()) {
            int open = nextTag(template, i);
            if (open < 0) break;
            String close = template.startsWith("{{", open) ? "}}" : template.startsWith("{%", open) ? "%}" : "#}";
            int end = tagEnd(template, open + 2, close);
            out.append(template, i, open + 2);
            String body = template.substring(open + 2, end);
            out.append(close.equals("#}") ? body : adaptExpression(body));
            i = end;
        }
        return out.append(template.substring(i)).toString();
    }

    private static String adaptExpression(String body) {
        String reversed = REVERSE_SLICE.matcher(body).replaceAll("|reverse");
        String negatedTests = NOT_TEST.matcher(reversed).replaceAll("not ($1 is $2$3)");
        return parenthesiseKeywordValues(negatedTests);
    }

    private static int nextTag(String s, int from) {
        int best = -1;
        for (String opener : new String[] {"{{", "{%", "{#"}) {
            int at = s.indexOf(opener, from);
            if (at >= 0 && (best < 0 || at < best)) best = at;
        }
        return best;
    }

    /** Index of the closing delimiter of a tag whose body starts at {@code from}, skipping string literals. */
    private static int tagEnd(String s, int from, String close) {
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (s.startsWith(close, i)) {
                return i;
            }
        }
        return s.length();
    }

    /** In every call {@code f(a, k=v)}, writes {@code k=(v)} so that the whole expression is the value. */
    private static String parenthesiseKeywordValues(String expression) {
        StringBuilder out = new StringBuilder(expression.length() + 8);
        java.util.ArrayDeque<int[]> calls = new java.util.ArrayDeque<>(); // per open paren: {isCall, argStart in out}
        char quote = 0;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == '\\' && i + 1 < expression.length()) out.append(expression.charAt(++i));
                else if (c == quote) quote = 0;
                continue;
            }
            switch (c) {
                case '\'', '"' -> { quote = c; out.append(c); }
                case '(', '[', '{' -> {
                    boolean call = c == '(' && !out.isEmpty() && (Character.isJavaIdentifierPart(out.charAt(out.length() - 1)));
                    out.append(c);
                    calls.push(new int[] {call ? 1 : 0, out.length()});
                }
                case ',', ')', ']', '}' -> {
                    int[] top = calls.peek();
                    if (top != null && top[0] == 1 && (c == ',' || c == ')')) wrapKeywordValue(out, top[1]);
                    if (c != ',') calls.poll();
                    else if (top != null) top[1] = out.length() + 1;
                    out.append(c);
                }
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void wrapKeywordValue(StringBuilder out, int argStart) {
        Matcher m = KEYWORD.matcher(out).region(argStart, out.length());
        if (!m.lookingAt() || out.substring(m.end()).isBlank()) return;
        out.insert(m.end(), '(');
        out.append(')');
    }

    /** {@code tojson} as transformers defines it: {@code json.dumps(x, ensure_ascii=False, indent=..., sort_keys=...)}. */
    private static final class ToJson implements AdvancedFilter {
        @Override public String getName() { return "tojson"; }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object indent = kwargs.getOrDefault("indent", args.length > 0 ? args[0] : null);
            boolean sortKeys = Boolean.TRUE.equals(kwargs.get("sort_keys"));
            return PythonJson.dumps(value, indent == null ? -1 : ((Number) indent).intValue(), sortKeys);
        }
    }
}
