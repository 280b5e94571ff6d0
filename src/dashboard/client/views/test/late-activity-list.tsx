import type { LateActivityRecord } from '../../../../shared/ledger.js'
import { operationNoun, withArticle } from '../../text/operations'
import { Site } from '../../ui/source-site'
import { TestRef } from '../../ui/test-ref'

const eventWords = { 'callback': 'ran a callback', 'promise-settled': 'settled' } as const

/** Work of one test that ran after it ended, and where it landed. */
export function LateActivityItem({ record, side }: { record: LateActivityRecord, side: 'owner' | 'during' }) {
  const times = record.count > 1 ? `${record.count} times, first ` : ''
  return (
    <li class="late-item">
      <div>
        {side === 'during' ? <>Work of <TestRef test={record.owner} />: </> : null}
        <strong>{withArticle(operationNoun(record.operation))}</strong> ({record.operation.type}) {eventWords[record.event] ?? record.event}
        {' '}{times}{record.msAfterEnd} ms after {side === 'during' ? 'that test' : 'this test'} ended,
        {' '}{record.during
          ? (side === 'owner' ? <>during <TestRef test={record.during} /></> : 'during this test')
          : <>between tests{record.duringFile ? ` (in ${record.duringFile})` : ''}</>}
        .
      </div>
      <Site site={record.operation.site} />
    </li>
  )
}

export function LateActivityList({ records, side }: { records: LateActivityRecord[], side: 'owner' | 'during' }) {
  return <ul class="late-list">{records.map((record, position) => <LateActivityItem key={position} record={record} side={side} />)}</ul>
}
