#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# bench-compare.py OLD.json NEW.json - what got better or worse between
# two runs of "make bench" (the JSON tables of scripts/bench-report.py),
# beyond the noise. Run by "make bench-compare OLD=... NEW=...".
#
# Rows are matched by group and measurement. A row is compared by its
# ratio to its baseline when both runs have one (the baseline was
# measured alongside, so the ratio carries over between runs on a noisy
# machine), else by its value. A change counts only if the [min-max]
# ranges of the repetitions in the two runs do not overlap: the spread
# within a run is the noise, and a move inside it is "same". Rows with
# a single figure (sizes, counts) have no spread: any change counts.
# Whether up is better comes from the unit: pkt/s and opens/s up, times
# down, sizes and counts either way ("changed").
#
# One line per row, then a summary. Exit status 0, or 1 if a file cannot
# be read or is not such a table (one line on stderr says why).

import json
import sys


class BadInput(Exception):
    pass


def load(path):
    """The rows of the table in @path, by (group, measurement), and
    the mode of the run (quick or full)."""
    try:
        with open(path) as f:
            doc = json.load(f)
    except OSError as e:
        raise BadInput('cannot read %s: %s' % (path, e.strerror))
    except ValueError as e:
        raise BadInput('%s is not JSON: %s' % (path, e))
    if not isinstance(doc, dict) or not isinstance(doc.get('rows'), list):
        raise BadInput('%s is not a table of make bench: it has no rows'
                       % path)
    rows = {}
    for i, row in enumerate(doc['rows']):
        try:
            key = (row['group'], row['measurement'])
            for k in ('median', 'min', 'max'):
                float(row[k])
            if row.get('ratio') is not None:
                for k in ('median', 'min', 'max'):
                    float(row['ratio'][k])
            str(row['unit'])
        except (KeyError, TypeError, ValueError):
            raise BadInput('%s: row %d lacks group, measurement, unit, '
                           'median, min or max' % (path, i + 1))
        rows[key] = row
    return rows, str(doc.get('mode', 'unknown'))


def rng(d):
    return float(d['min']), float(d['median']), float(d['max'])


def verdict(old, new, better):
    """better, worse, same or changed for two (min, median, max)."""
    olo, omed, ohi = old
    nlo, nmed, nhi = new
    if nlo <= ohi and olo <= nhi:
        return 'same'
    up = nmed > omed
    if not better:
        return 'changed'
    return 'better' if up == (better == 'higher') else 'worse'


def num(v, unit):
    """A figure to print: ratios ("x") to two decimals, whole numbers
    whole, others to four digits."""
    if unit == 'x':
        return '%.2f' % v
    if v.is_integer():
        return '%d' % v
    return '%.4g' % v


def show(d, unit=''):
    """median [min-max] UNIT, or the one figure and UNIT."""
    lo, med, hi = rng(d)
    if lo == hi:
        return '%s%s' % (num(med, unit), unit)
    return '%s [%s-%s]%s' % (num(med, unit), num(lo, unit), num(hi, unit),
                             unit)


def main(argv):
    if len(argv) != 3:
        print('usage: bench-compare.py OLD.json NEW.json', file=sys.stderr)
        return 1
    try:
        old, old_mode = load(argv[1])
        new, new_mode = load(argv[2])
    except BadInput as e:
        print('bench-compare: %s.' % e, file=sys.stderr)
        return 1
    if old_mode != new_mode:
        print('note: %s is a %s run and %s a %s one; their repetitions '
              'and rule counts differ.' % (argv[1], old_mode, argv[2],
                                           new_mode))
    count = {'better': 0, 'worse': 0, 'same': 0, 'changed': 0}
    for key, n in new.items():
        o = old.get(key)
        if o is None:
            continue
        unit = ' ' + n['unit']
        if o.get('ratio') and n.get('ratio'):
            v = verdict(rng(o['ratio']), rng(n['ratio']),
                        n.get('better', 'lower'))
            what = 'ratio %s -> %s' % (show(o['ratio'], 'x'),
                                       show(n['ratio'], 'x'))
        else:
            v = verdict(rng(o), rng(n), n.get('better', 'lower'))
            what = '%s -> %s' % (show(o, unit), show(n, unit))
        count[v] += 1
        print('%-7s %s: %s: %s' % (v, key[0], key[1], what))
    gone = [k for k in old if k not in new]
    added = [k for k in new if k not in old]
    for k in gone:
        print('gone    %s: %s' % k)
    for k in added:
        print('new     %s: %s' % k)
    print('bench-compare: %d better, %d worse, %d same within the noise, '
          '%d changed, %d only in %s, %d only in %s.' %
          (count['better'], count['worse'], count['same'],
           count['changed'], len(gone), argv[1], len(added), argv[2]))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
