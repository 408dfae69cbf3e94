namespace FraudWatch.WebConsole;

/// <summary>The console's one stylesheet and one script, served from memory so the page needs no inline code (strict CSP).</summary>
static class ConsoleAssets
{
    public const string Css = """
        :root { --ink: #1b1f24; --muted: #5b6570; --line: #d9dee3; --bg: #f5f7f9; --card: #fff; --accent: #0b5cad;
                --good: #1a7f37; --bad: #c62828; font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--ink); font-size: 16px; line-height: 1.45; }
        small { color: var(--muted); font-size: .78em; font-weight: normal; }
        main { max-width: 1100px; margin: 0 auto; padding: 12px; }
        h1 { font-size: 1.35rem; margin: .4rem 0 .8rem; }
        h2 { font-size: 1.05rem; margin: 0 0 .6rem; }
        a { color: var(--accent); }
        .top { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 16px; padding: 8px 12px; background: #102a43; }
        .top a, .top button.link { color: #fff; text-decoration: none; }
        .top small { color: #bcccdc; }
        .brand { font-weight: 700; margin-right: auto; }
        nav { display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: center; }
        nav a[aria-current] { border-bottom: 2px solid #fff; }
        nav form { margin: 0; }
        button.link { background: none; border: 0; padding: 0; font: inherit; cursor: pointer; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px; margin: 0 0 12px; }
        .narrow { max-width: 420px; margin: 24px auto; }
        .stack { display: flex; flex-direction: column; gap: 8px; }
        input, select, textarea, button { font: inherit; max-width: 100%; }
        input:not([type=radio]):not([type=checkbox]), select, textarea { padding: 8px; border: 1px solid #aab4be; border-radius: 6px; width: 100%; }
        button { padding: 8px 14px; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
        button small { color: inherit; opacity: .85; }
        .note { padding: 8px 12px; border-radius: 6px; margin: 0 0 12px; }
        .note.error { background: #fdecea; border: 1px solid #f5c2c0; }
        .note.ok { background: #e8f5e9; border: 1px solid #b7dfb9; }
        .hint, .meta { color: var(--muted); font-size: .9rem; margin: .3rem 0; }
        .range { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin-bottom: 8px; }
        .range label { display: flex; flex-direction: column; font-size: .9rem; flex: 1 1 130px; }
        .quick { display: flex; gap: 10px; align-items: center; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin-bottom: 12px; }
        .metric { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px; }
        .metric .label { font-size: .85rem; }
        .metric .value { font-size: 1.5rem; font-weight: 700; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
        .change { font-size: .85rem; color: var(--muted); }
        .change.good { color: var(--good); } .change.bad { color: var(--bad); }
        .chart { width: 100%; height: auto; max-height: 260px; display: block; }
        .chart .prevented, .key.prevented { fill: var(--good); background: var(--good); }
        .chart .loss, .key.loss { fill: var(--bad); background: var(--bad); }
        .chart .base { stroke: #aab4be; }
        .chart text { font-size: 10px; text-anchor: middle; fill: var(--muted); }
        .chart text.value { fill: var(--ink); }
        .timeline text.label { text-anchor: end; fill: var(--ink); }
        .timeline text.value { text-anchor: start; }
        .timeline .grid { stroke: var(--line); }
        .timeline .active, .key.active { fill: #e0a030; background: #e0a030; }
        .timeline .alerted, .key.alerted { fill: var(--bad); background: var(--bad); }
        .timeline .warned, .key.warned { fill: var(--good); background: var(--good); }
        .legend { font-size: .85rem; margin: .3rem 0 0; }
        .key { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 10px; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: .92rem; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        thead th { font-size: .82rem; }
        th small, td small { display: block; }
        #villages th[scope=row] { white-space: nowrap; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .meter { display: block; width: 100%; height: 6px; margin-top: 3px; }
        .meter .reports { fill: var(--accent); }
        .report header { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; }
        .report .score { margin-left: auto; color: var(--muted); font-size: .85rem; }
        blockquote { margin: 6px 0; padding: 6px 10px; background: var(--bg); border-left: 3px solid var(--line); white-space: pre-wrap; overflow-wrap: anywhere; }
        .chips { list-style: none; padding: 0; margin: 6px 0; display: flex; flex-wrap: wrap; gap: 6px; }
        .chips li { background: #eef2f6; border-radius: 12px; padding: 2px 10px; font-size: .88rem; overflow-wrap: anywhere; }
        .chips .kind { color: var(--muted); font-size: .8rem; }
        .row { display: flex; flex-wrap: wrap; gap: 8px; }
        .row label { flex: 1 1 140px; display: flex; flex-direction: column; font-size: .9rem; }
        .buttons { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
        .buttons button { flex: 1 1 130px; padding: 10px 8px; }
        button.dissuaded, button.intercepted { background: var(--good); border-color: var(--good); }
        button.loss { background: var(--bad); border-color: var(--bad); }
        button.not_fraud, button.duplicate { background: #fff; color: var(--ink); border-color: #aab4be; }
        .picks { display: flex; flex-direction: column; gap: 4px; }
        .picks > button { align-self: flex-start; }
        .picks div { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
        button.pick { background: #fff; color: var(--accent); padding: 3px 10px; border-radius: 14px; font-size: .88rem; }
        .reach { font-weight: 600; }
        .reach.error { color: var(--bad); font-weight: normal; }
        fieldset { border: 1px solid var(--line); border-radius: 6px; display: flex; flex-direction: column; gap: 6px; }
        fieldset label { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
        fieldset input[type=datetime-local], fieldset input[name=cron] { width: auto; flex: 1 1 160px; }
        .inline { display: flex; gap: 6px; align-items: center; }
        pre#preview { white-space: pre-wrap; overflow-wrap: anywhere; background: #e7f3ff; border-radius: 8px; padding: 10px; min-height: 3em; font-family: inherit; }
        pre#preview.error { background: #fdecea; }
        .recent { padding-left: 1.1em; margin: 0; overflow-wrap: anywhere; }
        .status { font-weight: 600; }
        .hidden { display: none; }
        @media (max-width: 480px) { table { font-size: .85rem; } th, td { padding: 5px 4px; } }
        @media (min-width: 760px) { main { padding: 20px; } .metric .value { font-size: 1.8rem; } }
        """;

    public const string Script = """
        "use strict";
        (() => {
          const $ = (s) => document.querySelector(s);
          const composer = $("#composer");
          if (composer) {
            const template = $("#template"), text = $("#text"), target = $("#target"), reach = $("#reach");
            const preview = $("#preview"), group = $("#preview-group");
            let timer = 0;
            const later = (fn) => { clearTimeout(timer); timer = setTimeout(fn, 300); };
            const ownText = () => template.value === "";
            const toggle = () => document.querySelectorAll(".own-text").forEach((e) => e.classList.toggle("hidden", !ownText()));

            async function updateReach() {
              const value = target.value.trim();
              if (!value) { reach.textContent = "输入对象后显示覆盖范围 / Type a target to see its reach"; reach.className = "reach"; return; }
              const response = await fetch("/console/api/reach?target=" + encodeURIComponent(value), { credentials: "same-origin" });
              if (!response.ok) { reach.textContent = "无法计算 (" + response.status + ")"; return; }
              const r = await response.json();
              reach.className = r.error ? "reach error" : "reach";
              reach.dataset.groups = r.groups;
              reach.dataset.members = r.members;
              reach.textContent = r.error ? r.error : `覆盖 ${r.groups} 个群、${r.members} 人 · reaches ${r.groups} active groups, ${r.members} members`;
            }

            async function updatePreview() {
              if (ownText() && !text.value.trim()) { preview.textContent = ""; return; }
              const body = { template: ownText() ? null : template.value, text: ownText() ? text.value : null, chatId: group.value ? Number(group.value) : null };
              const response = await fetch("/console/api/preview", { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
              if (!response.ok) { preview.textContent = "预览失败 (" + response.status + ")"; return; }
              const r = await response.json();
              preview.className = r.error ? "error" : "";
              // Telegram HTML shown as plain text: parsed inertly, never inserted as markup.
              preview.textContent = r.error ? r.error : new DOMParser().parseFromString(r.text, "text/html").body.textContent;
            }

            document.querySelectorAll("button.pick").forEach((b) => b.addEventListener("click", () => {
              const parts = target.value.split(",").map((p) => p.trim()).filter((p) => p);
              if (!parts.includes(b.dataset.pick)) parts.push(b.dataset.pick);
              target.value = parts.join(", ");
              updateReach();
            }));
            target.addEventListener("input", () => later(updateReach));
            template.addEventListener("change", () => { toggle(); updatePreview(); });
            text.addEventListener("input", () => later(updatePreview));
            group.addEventListener("change", updatePreview);
            document.querySelectorAll("input[name=at], input[name=cron]").forEach((i) => i.addEventListener("focus", () => {
              const radio = document.querySelector(`input[name=when][value=${i.name}]`); if (radio) radio.checked = true;
            }));
            toggle();
            updateReach();
            updatePreview();
          }

          const campaign = $("#campaign");
          if (campaign && campaign.dataset.live === "true") {
            const poll = async () => {
              const response = await fetch("/console/api/campaigns/" + campaign.dataset.campaign, { credentials: "same-origin" });
              if (!response.ok) return;
              const c = await response.json();
              $("#status").textContent = c.status;
              for (const key of ["targeted", "sent", "dryRun", "pending", "failed", "skipped", "reach"]) {
                const cell = document.querySelector(`[data-count=${key}] .value`);
                if (cell) cell.textContent = c[key];
              }
              // A finished or newly started run changes the runs table too: draw the page afresh once.
              if (c.status !== initial || c.runs.length !== runs) { location.reload(); return; }
              setTimeout(poll, 2000);
            };
            const initial = $("#status").textContent, runs = Number(campaign.dataset.runs);
            setTimeout(poll, 2000);
          }
        })();
        """;
}
