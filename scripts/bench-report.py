#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# bench-report.py - turn the rows scripts/bench.sh measured into the
# JSON table, Documentation/bench.rst and the plot of ns/pkt against
# rule count, so that all three show the same figures.
#
#   bench-report.py --rows FILE --machine FILE --notes FILE --rst FILE
#                   --json FILE [--png FILE] [--mode quick|full]
#
# The rows file has one row per line, tab-separated:
#   group, measurement, unit, values (one per repetition, separated by
#   spaces), baseline name, baseline values (the same repetitions), target,
#   plot series ("SERIES@X": a point of the plot, or empty).
# The ratio of a row is taken per repetition, value over the baseline of
# the same repetition, and reported as the median and range of those.
#
# With --png the plot is drawn by gnuplot; if gnuplot fails the report
# says so on stderr and bench.rst goes without the image.

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys

HIGHER_BETTER = ('pkt/s', 'opens/s')
NEUTRAL = ('bytes', 'opens')


def better(unit):
    """Which way a figure in @unit improves: lower, higher or neither."""
    if unit in HIGHER_BETTER:
        return 'higher'
    if unit in NEUTRAL:
        return ''
    return 'lower'


def num(text):
    """A figure as an int when it is one, else a float."""
    v = float(text)
    return int(v) if v.is_integer() and 'e' not in text else v


def fmt(v):
    """A figure to print: whole numbers as such, others to 3 digits."""
    if isinstance(v, int) or float(v).is_integer():
        return '%d' % v
    if abs(v) >= 100:
        return '%.0f' % v
    if abs(v) >= 10:
        return '%.1f' % v
    return '%.3g' % v


def summary(values):
    """Median, min and max of @values."""
    m = statistics.median(values)
    if isinstance(m, float) and m.is_integer() and \
       all(isinstance(v, int) for v in values):
        m = int(m)
    return m, min(values), max(values)


def read_rows(path):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.rstrip('\n')
            if not line:
                continue
            fields = (line.split('\t') + [''] * 8)[:8]
            group, meas, unit, vals, bname, bvals, target, plot = fields
            values = [num(v) for v in vals.split()]
            if not values:
                print('bench-report: the row "%s" has no figures; left out.'
                      % meas, file=sys.stderr)
                continue
            row = {'group': group, 'measurement': meas, 'unit': unit,
                   'better': better(unit), 'values': values}
            row['median'], row['min'], row['max'] = summary(values)
            row['baseline'] = None
            row['ratio'] = None
            base = [num(v) for v in bvals.split()]
            if bname and base:
                row['baseline'] = {'name': bname, 'values': base}
                r = [round(a / b, 4) for a, b in zip(values, base)
                     if b]
                if r:
                    med, lo, hi = summary(r)
                    row['ratio'] = {'values': r,
                                    'median': round(med, 4),
                                    'min': lo, 'max': hi}
            row['target'] = target
            if plot:
                series, x = plot.rsplit('@', 1)
                row['plot'] = {'series': series, 'x': num(x)}
            rows.append(row)
    return rows


def value_text(row):
    text = '%s [%s-%s] %s' % (fmt(row['median']), fmt(row['min']),
                              fmt(row['max']), row['unit'])
    if len(row['values']) == 1:
        text = '%s %s' % (fmt(row['median']), row['unit'])
    return text


def ratio_text(row):
    r = row['ratio']
    if not r:
        return ''
    if len(r['values']) == 1:
        return '%.2fx' % r['median']
    return '%.2fx [%.2f-%.2f]' % (r['median'], r['min'], r['max'])


def note_text(row):
    parts = []
    if row['baseline']:
        parts.append('vs %s' % row['baseline']['name'])
    if row['target']:
        parts.append(row['target'])
    return '; '.join(parts)


KINDS = ('v4 host hit', 'v4 /24', 'v4 no match', 'v6 host hit', 'v6 /48',
         'v6 no match')


def style(name):
    """A colour per kind of lookup; xdp-filter thin with open points."""
    colour = 1 + next((i for i, k in enumerate(KINDS) if k in name), 6)
    if name.startswith('xdp-filter'):
        return 'lc %d lw 1 dt 2 pt 6' % colour
    return 'lc %d lw 2 pt 7' % colour


def write_plot(rows, png, workdir):
    """Draw ns/pkt against rule count; True if the PNG was written."""
    series = {}
    for row in rows:
        if 'plot' in row:
            s = series.setdefault(row['plot']['series'], [])
            s.append((row['plot']['x'], row['median'], row['min'],
                      row['max']))
    if not series:
        return False
    data = os.path.join(workdir, 'plot.dat')
    plots = []
    with open(data, 'w') as f:
        for i, (name, points) in enumerate(series.items()):
            for p in sorted(points):
                f.write('%s %s %s %s\n' % p)
            f.write('\n\n')
            plots.append("'%s' index %d using 1:2:3:4 with yerrorlines "
                         "%s title '%s'" % (data, i, style(name), name))
    script = os.path.join(workdir, 'plot.gp')
    with open(script, 'w') as f:
        f.write('set terminal pngcairo size 1000,750 noenhanced\n')
        f.write("set output '%s'\n" % png)
        f.write("set title 'XDP filters: ns per packet "
                "(BPF_PROG_TEST_RUN), median and min-max'\n")
        f.write('set logscale x\n')
        f.write("set xlabel 'rules (xdp-filter: addresses, at most its "
                "maps hold)'\n")
        f.write("set ylabel 'ns/pkt'\n")
        f.write('set yrange [0:*]\n')
        f.write('set key below\n')
        f.write('set xrange [2:2e6]\n')
        f.write("set format x '%.0f'\n")
        f.write('set grid\n')
        f.write('plot ' + ', \\\n\t'.join(plots) + '\n')
    try:
        res = subprocess.run(['gnuplot', script], capture_output=True,
                             text=True)
    except OSError as e:
        print('bench-report: cannot run gnuplot: %s.' % e, file=sys.stderr)
        return False
    if res.returncode:
        print('bench-report: gnuplot failed: %s' % res.stderr.strip(),
              file=sys.stderr)
        return False
    return True


def write_rst(path, rows, machine, notes, image, when):
    out = []
    out += ['.. SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause', '',
            '==================', 'barebpf benchmarks',
            '==================', '',
            'Written by ``make bench`` on %s from the table it also wrote'
            % when,
            'as JSON, ``Documentation/bench.json`` (``make bench-compare``',
            'compares two). Each figure is several repetitions, each',
            'measured back to back with its baseline in the same run: the',
            'value is the median [min-max] of the repetitions, the ratio the',
            'median [min-max] of the per-repetition ratios to the baseline',
            'named in the last column. Absolute numbers vary with the',
            'machine and its load; the ratios carry over better. "How the',
            'figures are taken" below says more.',
            '']
    out += machine
    out += ['']
    if image:
        out += ['.. image:: %s' % os.path.basename(image),
                '   :alt: ns/pkt of filter_packet and xdp-filter against '
                'rule count', '']
    out += ['.. list-table::', '   :header-rows: 1', '',
            '   * - group', '     - measurement', '     - value',
            '     - ratio', '     - baseline; target / note']
    for row in rows:
        out.append('   * - %s' % row['group'])
        out.append('     - %s' % row['measurement'])
        out.append('     - %s' % value_text(row))
        for cell in (ratio_text(row), note_text(row)):
            out.append('     -' + (' ' + cell if cell else ''))
    out.append('')
    with open(notes) as f:
        text = f.read()
    with open(path, 'w') as f:
        f.write('\n'.join(out) + '\n' + text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rows', required=True)
    ap.add_argument('--machine', required=True)
    ap.add_argument('--notes', required=True)
    ap.add_argument('--rst', required=True)
    ap.add_argument('--json', required=True)
    ap.add_argument('--png')
    ap.add_argument('--mode', default='full')
    ap.add_argument('--reps', type=int, default=0)
    a = ap.parse_args()

    rows = read_rows(a.rows)
    with open(a.machine) as f:
        machine = [line.rstrip('\n') for line in f if line.strip()]
    when = datetime.datetime.now(datetime.timezone.utc)
    doc = {'format': 'barebpf-bench 1',
           'date': when.strftime('%Y-%m-%dT%H:%M:%SZ'),
           'mode': a.mode, 'repetitions': a.reps,
           'machine': [m.lstrip('- ') for m in machine], 'rows': rows}
    with open(a.json, 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')
    image = None
    if a.png and write_plot(rows, a.png, os.path.dirname(a.rows)):
        image = a.png
    write_rst(a.rst, rows, machine, a.notes, image,
              when.strftime('%Y-%m-%d'))
    print('bench-report: %d rows to %s and %s%s.' %
          (len(rows), a.rst, a.json, ', plot ' + image if image else ''),
          file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
