import { expect, test, vi } from 'vitest'
import { reserve, watchStock } from '../src/inventory.js'

test('shows the stock level', async () => {
  const levels: number[] = []
  watchStock('tea', level => levels.push(level))
  await vi.waitFor(() => expect(levels).toEqual([3]))
})

test('reserves an item', async () => {
  expect(await reserve('tea')).toBe(true)
})
