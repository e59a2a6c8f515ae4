/* audit.c - audit numbers, fingerprints, baseline comparison and waiver state for the reports. */
#include <stdlib.h>
#include <string.h>

#include "../check/result.h"
#include "audit.h"
#include "html.h"
#include "../util/sort.h"

static tl_audit *audit_of(tlcheck_report *rep)
{
	if (!rep->audit)
		rep->audit = calloc(1, sizeof(tl_audit));
	return rep->audit;
}

static tl_group *group_slot(tl_audit *a, tl_groups *g, const char *key)
{
	for (size_t i = 0; i < g->count; i++)
		if (strcmp(g->items[i].key, key) == 0)
			return &g->items[i];
	if (g->count == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 16;
		tl_group *it = tl_arena_grow(&a->arena, g->items, g->count * sizeof(*it), cap * sizeof(*it));
		if (!it)
			return NULL;
		g->items = it;
		g->cap = cap;
	}
	tl_group *s = &g->items[g->count];
	memset(s, 0, sizeof(*s));
	s->key = tl_arena_strdup(&a->arena, key);
	if (!s->key)
		return NULL;
	g->count++;
	return s;
}

static int count_group(tl_audit *a, tl_groups *g, const char *key, const tlcheck_result *res)
{
	tl_group *s = group_slot(a, g, key);
	if (!s)
		return TLCHECK_ENOMEM;
	bool err = false, warn = false;
	s->files++;
	for (size_t i = 0; i < tlcheck_result_finding_count(res); i++) {
		const tlcheck_finding *f = tlcheck_result_finding(res, i);
		if (f->waived) {
			s->waived++;
			continue;
		}
		s->findings++;
		if (f->severity == TLCHECK_ERROR) {
			s->errors++;
			err = true;
		} else if (f->severity == TLCHECK_WARNING) {
			warn = true;
		}
	}
	if (err)
		s->with_errors++;
	else if (warn)
		s->with_warnings++;
	else
		s->clean++;
	return 0;
}

static int add_scope(tl_audit *a, const char *scope)
{
	if (a->nscopes == a->capscopes) {
		size_t cap = a->capscopes ? a->capscopes * 2 : 64;
		const char **s = tl_arena_grow(&a->arena, a->scopes, a->nscopes * sizeof(*s), cap * sizeof(*s));
		if (!s)
			return TLCHECK_ENOMEM;
		a->scopes = s;
		a->capscopes = cap;
	}
	a->scopes[a->nscopes] = tl_arena_strdup(&a->arena, scope);
	if (!a->scopes[a->nscopes])
		return TLCHECK_ENOMEM;
	a->nscopes++;
	return 0;
}

static int cmp_str(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* Notes the rules the run did not select, from its first result. */
static int note_selection(tl_audit *a, const tlcheck_pack *pack, const tlcheck_result *res)
{
	if (a->selection_known)
		return 0;
	a->selection_known = true;
	size_t n = tlcheck_pack_rule_count(pack);
	for (size_t ri = 0; ri < n; ri++) {
		tlcheck_rule_info info;
		if (tlcheck_result_rule_status(res, ri) != TLCHECK_NOT_SELECTED ||
		    tlcheck_pack_rule(&info, pack, ri, "en") != 0)
			continue;
		if (!a->unselected) {
			a->unselected = tl_arena_alloc(&a->arena, n * sizeof(*a->unselected));
			if (!a->unselected)
				return TLCHECK_ENOMEM;
		}
		a->unselected[a->nunselected++] = info.id;
	}
	tl_sort(a->unselected, a->nunselected, sizeof(*a->unselected), cmp_str);
	return 0;
}

static bool unselected(const tl_audit *a, const char *rule)
{
	return tl_search(&rule, a->unselected, a->nunselected, sizeof(*a->unselected), cmp_str);
}

/* Each finding becomes new or unchanged; the earlier one it matches is marked. */
static int compare(tl_audit *a, const tlcheck_pack *pack, const tlcheck_result *res)
{
	tlcheck_baseline *b = a->baseline;
	size_t n = a->fps.n;
	const char **fp = a->fps.fp;
	const char *scope = tl_fp_scope(res);

	/* A plan whose check stopped (not a declaration, an unknown material) was
	 * not checked again: its earlier findings are not re-checked, never resolved. */
	if ((!res->halted && !res->load_failed && add_scope(a, scope) != 0) ||
	    note_selection(a, pack, res) != 0)
		return TLCHECK_ENOMEM;
	if (!tl_baseline_has_scope(b, scope))
		a->plans_new++;
	if (b->legacy) {
		/* The earlier report has no fingerprints: match paths as written. */
		uint64_t *h = malloc((n ? n : 1) * sizeof(*h));
		if (!h)
			return TLCHECK_ENOMEM;
		for (size_t i = 0; i < n; i++) {
			const tlcheck_finding *f = tlcheck_result_finding(res, i);
			h[i] = tl_fp_hash(f->rule, scope, f->path);
		}
		fp = tl_fp_number(h, n, &a->scratch);
		free(h);
		if (!fp)
			return TLCHECK_ENOMEM;
	}
	a->change = tl_arena_alloc(&a->scratch, n ? n : 1);
	if (!a->change)
		return TLCHECK_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		tl_base_finding *e = tl_baseline_find(b, fp[i]);
		if (e) {
			e->matched = true;
			a->change[i] = TLCHECK_CHANGE_UNCHANGED;
			a->n_unchanged++;
		} else {
			a->change[i] = TLCHECK_CHANGE_NEW;
			a->n_new++;
		}
	}
	return 0;
}

int tl_audit_add(tlcheck_report *rep, const tlcheck_result *res)
{
	tl_audit *a = audit_of(rep);
	if (!a)
		return TLCHECK_ENOMEM;
	tl_arena_clear(&a->scratch);
	a->have_fps = false;
	a->change = NULL;
	const char *ministry = tlcheck_result_ministry(res);
	const char *material = tlcheck_result_material(res);
	if (count_group(a, &a->ministries, ministry, res) != 0 ||
	    count_group(a, &a->materials, material, res) != 0)
		return TLCHECK_ENOMEM;
	if (rep->opts.format != TLCHECK_FORMAT_JSON && !a->baseline)
		return 0;
	if (tl_fps_compute(&a->fps, res, NULL, &a->scratch) != 0)
		return TLCHECK_ENOMEM;
	a->have_fps = true;
	return a->baseline ? compare(a, rep->opts.pack, res) : 0;
}

void tl_audit_free(tlcheck_report *rep)
{
	tl_audit *a = rep->audit;
	if (!a)
		return;
	tl_arena_clear(&a->arena);
	tl_arena_clear(&a->scratch);
	free(a);
	rep->audit = NULL;
}

int tl_audit_change(const tlcheck_report *rep, size_t i)
{
	const tl_audit *a = rep->audit;
	if (!a || !a->change || i >= a->fps.n)
		return -1;
	return a->change[i];
}

static bool is_resolved(const tl_audit *a, const tl_base_finding *e)
{
	return !e->matched && !unselected(a, e->rule) &&
	       tl_search(&e->scope, a->scopes, a->nscopes, sizeof(*a->scopes), cmp_str);
}

/* Earlier findings not matched: resolved when their plan was checked again
 * and their rule selected, else not re-checked (a plan left out of this batch,
 * or a rule left out by --rule or --clause, is not "fixed"). */
static void resolve(tl_audit *a)
{
	if (!a || !a->baseline || a->resolved_done)
		return;
	a->resolved_done = true;
	tl_sort(a->scopes, a->nscopes, sizeof(*a->scopes), cmp_str);
	tlcheck_baseline *b = a->baseline;
	for (size_t i = 0; i < b->count; i++) {
		const tl_base_finding *e = &b->items[i];
		if (e->matched)
			continue;
		if (is_resolved(a, e))
			a->n_resolved++;
		else
			a->n_not_rechecked++;
	}
}

void tl_audit_json_finding(tlcheck_report *rep, size_t i)
{
	const tl_audit *a = rep->audit;
	if (!a || !a->have_fps || i >= a->fps.n)
		return;
	tl_buf *b = &rep->out;
	tl_buf_puts(b, ", \"fingerprint\": ");
	tl_buf_json_cstr(b, a->fps.fp[i]);
	int c = tl_audit_change(rep, i);
	if (c >= 0) {
		tl_buf_puts(b, ", \"baseline\": ");
		tl_buf_json_cstr(b, tlcheck_change_name((tlcheck_change)c));
	}
}

static void group_members(tl_buf *b, const tl_group *g)
{
	tl_buf_printf(b, ", \"waived\": %zu, \"clean\": %zu, \"with_warnings\": %zu, \"with_errors\": %zu",
	              g->waived, g->clean, g->with_warnings, g->with_errors);
}

/* Open findings per clause, from the per-rule counts, in the pack's order of
 * first appearance; rules about the file itself count under "". */
static void by_clause(tlcheck_report *rep)
{
	const tlcheck_pack *p = rep->opts.pack;
	tl_buf *b = &rep->out;
	bool first = true;
	tl_buf_puts(b, ",\n    \"by_clause\": {");
	for (size_t i = 0; i < p->nrules; i++) {
		const char *cl = p->rules[i].clause ? p->rules[i].clause : "";
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = strcmp(p->rules[k].clause ? p->rules[k].clause : "", cl) == 0;
		if (seen)
			continue;
		size_t n = 0;
		for (size_t k = i; k < p->nrules; k++)
			if (strcmp(p->rules[k].clause ? p->rules[k].clause : "", cl) == 0)
				n += rep->stats.by_rule[k];
		tl_buf_puts(b, first ? "" : ", ");
		tl_buf_json_cstr(b, cl);
		tl_buf_printf(b, ": %zu", n);
		first = false;
	}
	tl_buf_putc(b, '}');
}

/* A waiver that matched nothing because its rule never ran on its plan (not
 * selected, or the check stopped) is not "unused": it is "not_checked". */
static bool not_checked(const tlcheck_waiver *wv)
{
	return wv->status == TLCHECK_WAIVER_UNUSED && wv->unchecked > 0;
}

static const char *status_name(const tlcheck_waiver *wv)
{
	return not_checked(wv) ? "not_checked" : tlcheck_waiver_status_name(wv->status);
}

/* The same as a reader of the report's language sees it. */
static const char *status_label(const tlcheck_report *rep, const tlcheck_waiver *wv)
{
	if (not_checked(wv))
		return html_l(rep, "not checked", "未検査");
	switch (wv->status) {
	case TLCHECK_WAIVER_ACTIVE: return html_l(rep, "active", "有効");
	case TLCHECK_WAIVER_EXPIRED: return html_l(rep, "expired", "期限切れ");
	default: return html_l(rep, "unused", "該当なし");
	}
}

/* Waivers with status `s`, the not_checked ones counted apart from unused. */
static size_t waivers_with(const tlcheck_waivers *w, tlcheck_waiver_status s)
{
	size_t n = 0;
	for (size_t i = 0; i < tlcheck_waivers_count(w); i++) {
		const tlcheck_waiver *wv = tlcheck_waivers_get(w, i);
		n += wv->status == s && !not_checked(wv);
	}
	return n;
}

static size_t waivers_not_checked(const tlcheck_waivers *w)
{
	size_t n = 0;
	for (size_t i = 0; i < tlcheck_waivers_count(w); i++)
		n += not_checked(tlcheck_waivers_get(w, i));
	return n;
}

void tl_audit_json_summary(tlcheck_report *rep)
{
	tl_audit *a = rep->audit;
	tl_buf *b = &rep->out;
	tl_buf_puts(b, ",\n    \"by_ministry\": {");
	for (size_t i = 0; a && i < a->ministries.count; i++) {
		const tl_group *g = &a->ministries.items[i];
		tl_buf_puts(b, i ? ", " : "");
		tl_buf_json_cstr(b, g->key);
		tl_buf_printf(b, ": {\"files\": %zu, \"findings\": %zu", g->files, g->findings);
		group_members(b, g);
		tl_buf_putc(b, '}');
	}
	tl_buf_putc(b, '}');
	/* Beside by_material (files and findings, as the other formats show it):
	 * how many of a material's plans are clean, and its waived findings. */
	tl_buf_puts(b, ",\n    \"outcomes_by_material\": {");
	for (size_t i = 0; a && i < a->materials.count; i++) {
		const tl_group *g = &a->materials.items[i];
		tl_buf_puts(b, i ? ", " : "");
		tl_buf_json_cstr(b, g->key);
		tl_buf_printf(b, ": {\"clean\": %zu, \"with_warnings\": %zu, \"with_errors\": %zu, \"waived\": %zu}",
		              g->clean, g->with_warnings, g->with_errors, g->waived);
	}
	tl_buf_putc(b, '}');
	by_clause(rep);
	if (a && a->waivers)
		tl_buf_printf(b, ",\n    \"waivers\": {\"today\": \"%s\", \"active\": %zu, \"unused\": %zu, "
		                 "\"expired\": %zu, \"not_checked\": %zu}",
		              tlcheck_waivers_today(a->waivers), waivers_with(a->waivers, TLCHECK_WAIVER_ACTIVE),
		              waivers_with(a->waivers, TLCHECK_WAIVER_UNUSED),
		              waivers_with(a->waivers, TLCHECK_WAIVER_EXPIRED),
		              waivers_not_checked(a->waivers));
	if (a && a->baseline) {
		resolve(a);
		tl_buf_printf(b, ",\n    \"new\": %zu, \"unchanged\": %zu, \"resolved\": %zu", a->n_new,
		              a->n_unchanged, a->n_resolved);
	}
}

static void waiver_json(tlcheck_report *rep, const tlcheck_waivers *w, size_t i)
{
	tl_buf *b = &rep->out;
	const tlcheck_waiver *wv = tlcheck_waivers_get(w, i);
	tl_buf_puts(b, i ? ",\n    {\"rule\": " : "\n    {\"rule\": ");
	tl_buf_json_cstr(b, wv->rule);
	tl_buf_puts(b, wv->plan ? ", \"plan\": " : ", \"file\": ");
	tl_buf_json_cstr(b, wv->plan ? wv->plan : wv->file);
	tl_buf_puts(b, ", \"path\": ");
	if (wv->path)
		tl_buf_json_cstr(b, wv->path);
	else
		tl_buf_puts(b, "null");
	tl_buf_puts(b, ", \"reason\": ");
	tl_buf_json_cstr(b, wv->reason);
	tl_buf_puts(b, ", \"approved_by\": ");
	tl_buf_json_cstr(b, wv->approved_by);
	tl_buf_puts(b, ", \"expires\": ");
	tl_buf_json_cstr(b, wv->expires);
	tl_buf_puts(b, ", \"status\": ");
	tl_buf_json_cstr(b, status_name(wv));
	tl_buf_printf(b, ", \"waived\": %zu, \"expired_matches\": %zu", wv->waived, wv->expired_matches);
	tl_buf_puts(b, ", \"location\": {\"file\": ");
	tl_buf_json_cstr(b, wv->source);
	tl_buf_printf(b, ", \"line\": %u, \"column\": %u}", wv->line, wv->column);
	char *notice = tlcheck_waivers_notice(w, i, rep->ja ? "ja" : "en");
	if (notice) {
		tl_buf_puts(b, ", \"message\": ");
		tl_buf_json_cstr(b, notice);
		free(notice);
	}
	tl_buf_putc(b, '}');
}

static int cmp_order(const void *pa, const void *pb)
{
	const tl_base_finding *a = *(const tl_base_finding *const *)pa, *b = *(const tl_base_finding *const *)pb;
	return a->order < b->order ? -1 : a->order > b->order;
}

static void resolved_json(tl_buf *b, const tl_base_finding *e, bool first)
{
	tl_buf_puts(b, first ? "\n      {\"file\": " : ",\n      {\"file\": ");
	tl_buf_json_cstr(b, e->file);
	tl_buf_puts(b, ", \"plan\": ");
	tl_buf_json_cstr(b, e->plan);
	tl_buf_puts(b, ", \"rule\": ");
	tl_buf_json_cstr(b, e->rule);
	tl_buf_puts(b, ", \"severity\": ");
	tl_buf_json_cstr(b, e->severity);
	tl_buf_puts(b, ", \"clause\": ");
	tl_buf_json_cstr(b, e->clause);
	tl_buf_puts(b, ", \"path\": ");
	tl_buf_json_cstr(b, e->path);
	tl_buf_printf(b, ", \"line\": %u, \"column\": %u, \"message\": ", e->line, e->column);
	tl_buf_json_cstr(b, e->message);
	tl_buf_puts(b, ", \"fingerprint\": ");
	tl_buf_json_cstr(b, e->fp);
	tl_buf_putc(b, '}');
}

/* The findings of the baseline no finding of this run matched, in the earlier
 * report's order (not the index's); *n of them. NULL (b->oom set) when memory
 * runs out. Free it. */
static const tl_base_finding **resolved_list(tl_audit *a, tl_buf *b, size_t *n)
{
	const tlcheck_baseline *bl = a->baseline;
	const tl_base_finding **list = malloc((a->n_resolved ? a->n_resolved : 1) * sizeof(*list));
	*n = 0;
	if (!list) {
		b->oom = true;
		return NULL;
	}
	for (size_t i = 0; i < bl->count; i++)
		if (is_resolved(a, &bl->items[i]))
			list[(*n)++] = &bl->items[i];
	tl_sort(list, *n, sizeof(*list), cmp_order);
	return list;
}

void tl_audit_json_tail(tlcheck_report *rep)
{
	tl_audit *a = rep->audit;
	tl_buf *b = &rep->out;
	if (!a)
		return;
	if (a->waivers) {
		size_t n = tlcheck_waivers_count(a->waivers);
		tl_buf_puts(b, ",\n  \"waivers\": [");
		for (size_t i = 0; i < n; i++)
			waiver_json(rep, a->waivers, i);
		tl_buf_puts(b, n ? "\n  ]" : "]");
	}
	if (a->baseline) {
		const tlcheck_baseline *bl = a->baseline;
		resolve(a);
		tl_buf_puts(b, ",\n  \"baseline\": {\"file\": ");
		tl_buf_json_cstr(b, bl->name);
		tl_buf_printf(b, ", \"findings\": %zu, \"new\": %zu, \"unchanged\": %zu, \"resolved\": %zu, "
		                 "\"not_rechecked\": %zu, \"plans_new\": %zu,\n    \"resolved_findings\": [",
		              bl->count, a->n_new, a->n_unchanged, a->n_resolved, a->n_not_rechecked,
		              a->plans_new);
		size_t n;
		const tl_base_finding **list = resolved_list(a, b, &n);
		if (!list)
			return;
		for (size_t i = 0; i < n; i++)
			resolved_json(b, list[i], i == 0);
		free(list);
		tl_buf_puts(b, n ? "\n    ]}" : "]}");
	}
}

void tl_audit_text(tlcheck_report *rep)
{
	tl_audit *a = rep->audit;
	tl_buf *b = &rep->out;
	const tlcheck_pack *p = rep->opts.pack;
	bool ja = rep->ja;
	if (!a)
		return;
	if (rep->sum.files > 1) {
		tl_buf_puts(b, ja ? "  省庁別:" : "  by ministry:");
		for (size_t i = 0; i < a->ministries.count; i++) {
			const tl_group *g = &a->ministries.items[i];
			tl_buf_printf(b, ja ? "%s %s %zu 件 (エラーあり %zu)" : "%s %s %zu (%zu with errors)",
			              i ? "," : "", g->key[0] ? g->key : ja ? "(不明)" : "(unknown)", g->files,
			              g->with_errors);
		}
		tl_buf_putc(b, '\n');
		tl_buf_puts(b, ja ? "  条項別の指摘:" : "  findings by clause:");
		bool first = true;
		for (size_t i = 0; i < p->nrules; i++) {
			const char *cl = p->rules[i].clause ? p->rules[i].clause : "";
			bool seen = false;
			for (size_t k = 0; k < i && !seen; k++)
				seen = strcmp(p->rules[k].clause ? p->rules[k].clause : "", cl) == 0;
			size_t n = 0;
			for (size_t k = i; !seen && k < p->nrules; k++)
				if (strcmp(p->rules[k].clause ? p->rules[k].clause : "", cl) == 0)
					n += rep->stats.by_rule[k];
			if (seen || n == 0)
				continue;
			tl_buf_printf(b, "%s %s %zu", first ? "" : ",", cl[0] ? cl : (ja ? "(ファイル)" : "(file)"), n);
			first = false;
		}
		tl_buf_puts(b, first ? (ja ? " なし\n" : " none\n") : "\n");
	}
	if (a->waivers) {
		size_t nc = waivers_not_checked(a->waivers);
		tl_buf_printf(b, ja ? "  免除: 有効 %zu、該当なし %zu、期限切れ %zu" : "  waivers: %zu active, %zu unused, %zu expired",
		              waivers_with(a->waivers, TLCHECK_WAIVER_ACTIVE),
		              waivers_with(a->waivers, TLCHECK_WAIVER_UNUSED),
		              waivers_with(a->waivers, TLCHECK_WAIVER_EXPIRED));
		if (nc)
			tl_buf_printf(b, ja ? "、未検査 %zu" : ", %zu not checked", nc);
		tl_buf_printf(b, ja ? " (%s 時点)\n" : " (as of %s)\n", tlcheck_waivers_today(a->waivers));
	}
	if (a->baseline) {
		resolve(a);
		tl_buf_printf(b, ja ? "  %s との比較: 新規 %zu、解消 %zu、継続 %zu" : "  since %s: %zu new, %zu resolved, %zu unchanged",
		              a->baseline->name, a->n_new, a->n_resolved, a->n_unchanged);
		if (a->n_not_rechecked)
			tl_buf_printf(b, ja ? " (今回検査しなかった・最後まで検査できなかった計画、選ばなかったルールの指摘 %zu 件は未再検査)"
			                    : " (%zu not re-checked: of plans not checked this time or not in full, or of rules not selected)",
			              a->n_not_rechecked);
		tl_buf_putc(b, '\n');
	}
}

static void html_th_num(tl_buf *b, const char *label)
{
	tl_buf_printf(b, "<th class=\"num\">%s</th>", label);
}

/* Plans per ministry with their outcomes. */
static void html_ministries(tlcheck_report *rep, const tl_audit *a)
{
	tl_buf *b = &rep->out;
	tl_buf_printf(b, "<h3>%s</h3>\n<table id=\"by-ministry\">\n<thead><tr><th>%s</th>",
	              html_l(rep, "Plans by ministry", "省庁別の計画"), html_l(rep, "Ministry", "省庁"));
	html_th_num(b, html_l(rep, "Plans", "計画数"));
	html_th_num(b, html_l(rep, "With errors", "エラーあり"));
	html_th_num(b, html_l(rep, "With warnings only", "警告のみ"));
	html_th_num(b, html_l(rep, "Without error or warning", "エラー・警告なし"));
	html_th_num(b, html_l(rep, "Findings", "指摘"));
	html_th_num(b, html_l(rep, "Waived", "免除"));
	tl_buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < a->ministries.count; i++) {
		const tl_group *g = &a->ministries.items[i];
		tl_buf_puts(b, "<tr data-ministry=\"");
		tl_html_text(b, g->key);
		tl_buf_printf(b, "\" data-files=\"%zu\" data-with-errors=\"%zu\" data-with-warnings=\"%zu\" "
		                 "data-clean=\"%zu\" data-findings=\"%zu\" data-waived=\"%zu\"><th>",
		              g->files, g->with_errors, g->with_warnings, g->clean, g->findings, g->waived);
		/* No ministry for a plan whose material is missing or unknown. */
		tl_html_text(b, g->key[0] ? g->key : html_l(rep, "(unknown)", "(不明)"));
		tl_buf_printf(b, "</th><td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
		                 "<td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td></tr>\n",
		              g->files, g->with_errors, g->with_warnings, g->clean, g->findings, g->waived);
	}
	tl_buf_puts(b, "</tbody>\n</table>\n");
}

static void html_baseline(tlcheck_report *rep, tl_audit *a)
{
	tl_buf *b = &rep->out;
	resolve(a);
	tl_buf_printf(b, "<h3>%s <code>", html_l(rep, "Compared with", "比較元"));
	tl_html_text(b, a->baseline->name);
	tl_buf_puts(b, "</code></h3>\n<dl class=\"counts\" id=\"baseline\">\n");
	const char *labels[][2] = {{"New", "新規"}, {"Resolved", "解消"}, {"Unchanged", "継続"},
	                           {"Of plans not checked again", "今回検査しなかった計画"}};
	const char *ids[] = {"count-new", "count-resolved", "count-unchanged", "count-not-rechecked"};
	size_t n[] = {a->n_new, a->n_resolved, a->n_unchanged, a->n_not_rechecked};
	for (int i = 0; i < 4; i++)
		tl_buf_printf(b, "<div><dt>%s</dt><dd><span id=\"%s\">%zu</span></dd></div>\n",
		              rep->ja ? labels[i][1] : labels[i][0], ids[i], n[i]);
	tl_buf_puts(b, "</dl>\n");
	/* What was resolved is not in this run's findings: listed here, with the
	 * earlier report's words. */
	size_t nr;
	const tl_base_finding **list = a->n_resolved ? resolved_list(a, b, &nr) : NULL;
	if (!list)
		return;
	tl_buf_printf(b, "<table id=\"resolved\">\n<caption>%s</caption>\n<thead><tr><th>%s</th>"
	                 "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
	              html_l(rep, "Resolved since the earlier report", "比較元から解消した指摘"),
	              html_l(rep, "Plan or file", "計画・ファイル"), html_l(rep, "Rule", "ルール"),
	              html_l(rep, "Clause", "条項"), html_l(rep, "Path", "パス"),
	              html_l(rep, "Message", "内容"));
	for (size_t i = 0; i < nr; i++) {
		const tl_base_finding *e = list[i];
		int sev = e->severity ? tlcheck_severity_parse(e->severity) : -1;
		tl_buf_puts(b, "<tr data-rule=\"");
		tl_html_text(b, e->rule);
		tl_buf_puts(b, "\" data-path=\"");
		tl_html_text(b, e->path);
		tl_buf_puts(b, "\"><td>");
		tl_html_text(b, e->plan && e->plan[0] ? e->plan : e->file);
		tl_buf_puts(b, "</td><td><code>");
		tl_html_text(b, e->rule);
		tl_buf_puts(b, "</code>");
		if (sev >= 0)
			tl_buf_printf(b, " <span class=\"badge sev-%s\">%s</span>",
			              tlcheck_severity_name((tlcheck_severity)sev),
			              tl_severity_label((tlcheck_severity)sev, rep->ja));
		tl_buf_puts(b, "</td><td>");
		tl_html_text(b, e->clause);
		tl_buf_puts(b, "</td><td><code>");
		tl_html_text(b, e->path);
		tl_buf_puts(b, "</code></td><td>");
		tl_html_text(b, e->message);
		tl_buf_puts(b, "</td></tr>\n");
	}
	tl_buf_puts(b, "</tbody>\n</table>\n");
	free(list);
}

static void html_waivers(tlcheck_report *rep, const tlcheck_waivers *w)
{
	tl_buf *b = &rep->out;
	tl_buf_printf(b, "<h3>%s %s</h3>\n<table id=\"waivers\">\n<thead><tr><th>%s</th><th>%s</th>"
	                 "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>",
	              html_l(rep, "Waivers as of", "免除"), tlcheck_waivers_today(w),
	              html_l(rep, "Rule", "ルール"), html_l(rep, "Plan or file", "計画・ファイル"),
	              html_l(rep, "Path", "パス"), html_l(rep, "Reason", "理由"),
	              html_l(rep, "Approved by", "承認者"), html_l(rep, "Expires", "期限"),
	              html_l(rep, "Status", "状態"));
	html_th_num(b, html_l(rep, "Waived", "免除した指摘"));
	tl_buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < tlcheck_waivers_count(w); i++) {
		const tlcheck_waiver *wv = tlcheck_waivers_get(w, i);
		const char *st = status_name(wv);
		tl_buf_printf(b, "<tr data-status=\"%s\" data-waived=\"%zu\"><td><code>", st, wv->waived);
		tl_html_text(b, wv->rule);
		tl_buf_puts(b, "</code></td><td>");
		tl_html_text(b, wv->plan ? wv->plan : wv->file);
		tl_buf_puts(b, "</td><td><code>");
		tl_html_text(b, wv->path ? wv->path : "*");
		tl_buf_puts(b, "</code></td><td>");
		tl_html_text(b, wv->reason);
		tl_buf_puts(b, "</td><td>");
		tl_html_text(b, wv->approved_by);
		tl_buf_puts(b, "</td><td>");
		tl_html_text(b, wv->expires);
		tl_buf_printf(b, "</td><td><span class=\"badge%s\">%s</span></td><td class=\"num\">%zu</td></tr>\n",
		              wv->status == TLCHECK_WAIVER_EXPIRED ? " sev-warning"
		              : wv->status == TLCHECK_WAIVER_UNUSED ? "" : " waived",
		              status_label(rep, wv), wv->waived);
	}
	tl_buf_puts(b, "</tbody>\n</table>\n");
}

void tl_audit_html(tlcheck_report *rep)
{
	tl_audit *a = rep->audit;
	if (!a)
		return;
	html_ministries(rep, a);
	if (a->baseline)
		html_baseline(rep, a);
	if (a->waivers)
		html_waivers(rep, a->waivers);
}

void tl_audit_html_badge(tlcheck_report *rep, size_t i)
{
	int c = tl_audit_change(rep, i);
	if (c == TLCHECK_CHANGE_NEW)
		tl_buf_printf(&rep->out, " <span class=\"badge baseline-new\" data-baseline=\"new\">%s</span>",
		              html_l(rep, "new", "新規"));
}

int tlcheck_report_set_waivers(tlcheck_report *rep, const tlcheck_waivers *w)
{
	tl_audit *a = rep ? audit_of(rep) : NULL;
	if (!a)
		return rep ? TLCHECK_ENOMEM : TLCHECK_EINVALID;
	a->waivers = w;
	return 0;
}

int tlcheck_report_set_baseline(tlcheck_report *rep, tlcheck_baseline *b)
{
	tl_audit *a = rep ? audit_of(rep) : NULL;
	if (!a)
		return rep ? TLCHECK_ENOMEM : TLCHECK_EINVALID;
	a->baseline = b;
	return 0;
}
