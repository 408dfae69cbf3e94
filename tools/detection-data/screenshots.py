#!/usr/bin/env python3
"""Phone screenshots of team-written SMS, as Tesseract reads them: the screenshot test set.

Draws 300 SMS of blind8-12 (a fixed sample, seed 14) as a phone's SMS screen -- status bar with carrier, network, clock
and battery, the sender and the thread's date, the message wrapped in a bubble, the app's input label; four layouts in
turn -- with ImageMagick's convert in the Noto CJK font, reads each with tesseract as the product does (chi_sim+eng,
--psm 3), and writes one JSON line per screenshot: {"text": what Tesseract read, "type", "kind": "sms", "orig": the SMS}.
The messages are team-written, so the set measures how much reading a screenshot costs, not detection on real text.

Needs convert (ImageMagick), fonts-noto-cjk and tesseract-ocr with tesseract-ocr-chi-sim; about 4 minutes on 2 cores.
    python3 tools/detection-data/screenshots.py
"""
import json
import os
import random
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, 'tests', 'FraudWatch.Tests', 'Detection', 'Data')
OUT = os.path.join(DATA, 'screenshots-blind8-12.jsonl')
FONT = 'Noto-Sans-CJK-SC'
LAYOUTS = [
    dict(bar=[('+40+50', '中国移动 4G'), ('+880+50', '14:32  86%')], head=[('+400+170', '1069 0288 1234'), ('+380+230', '短信/彩信 今天 14:30')], foot='短信'),
    dict(bar=[('+40+50', '10:23'), ('+820+50', '5G  78%')], head=[('+380+170', '+86 138 0013 8000'), ('+440+230', '信息 今天 10:20')], foot='iMessage'),
    dict(bar=[('+40+50', '中国联通 HD 5G'), ('+860+50', '下午3:05 62%')], head=[('+460+170', '95588'), ('+400+230', '2024年5月12日 15:01')], foot='发送'),
    dict(bar=[('+40+50', '中国电信 4G'), ('+880+50', '09:41 100%')], head=[('+420+170', '10690000'), ('+450+230', '昨天 21:17')], foot='输入短信'),
]


def sample():
    rows = []
    for name in ['blind8', 'blind9', 'blind10', 'blind11', 'blind12']:
        with open(os.path.join(DATA, name + '.jsonl'), encoding='utf-8') as f:
            rows += [r for r in map(json.loads, f) if r.get('kind') == 'sms']
    random.seed(14)
    random.shuffle(rows)
    return rows[:300]


def wrap(text, width=22):
    lines, line = [], ''
    for c in text:
        if c == '\n':
            lines.append(line)
            line = ''
            continue
        line += c
        if len(line) >= width:
            lines.append(line)
            line = ''
    return lines + ([line] if line else [])


def read(job):
    i, row, folder = job
    layout, lines = LAYOUTS[i % len(LAYOUTS)], wrap(row['text'])
    height = 330 + len(lines) * 62 + 200
    png = os.path.join(folder, f'{i}.png')
    args = ['convert', '-size', f'1080x{height}', 'xc:#ededed', '-font', FONT, '-fill', '#222222', '-pointsize', '32']
    for position, words in layout['bar']:
        args += ['-annotate', position, words]
    args += ['-fill', '#555555', '-pointsize', '30']
    for position, words in layout['head']:
        args += ['-annotate', position, words]
    args += ['-fill', 'white', '-draw', f'roundrectangle 40,270 1000,{300 + len(lines) * 62 + 20} 30,30', '-fill', 'black', '-pointsize', '40']
    for k, line in enumerate(lines):
        args += ['-annotate', f'+80+{340 + k * 62}', line]
    args += ['-fill', '#555555', '-pointsize', '32', '-annotate', f'+100+{height - 60}', layout['foot'], png]
    subprocess.run(args, check=True)
    text = subprocess.run(['tesseract', png, 'stdout', '-l', 'chi_sim+eng', '--psm', '3'], capture_output=True, text=True, check=True).stdout
    return {'text': text, 'type': row['type'], 'kind': 'sms', 'orig': row['text']}


def main():
    with tempfile.TemporaryDirectory() as folder, ThreadPoolExecutor(2) as pool:
        results = list(pool.map(read, [(i, row, folder) for i, row in enumerate(sample())]))
    with open(OUT, 'w', encoding='utf-8') as f:
        for r in results:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')
    print(f'{len(results)} screenshots read into {OUT}')


if __name__ == '__main__':
    main()
