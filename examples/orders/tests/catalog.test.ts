import { expect, test } from 'vitest'
import { suggestProducts } from '../src/catalog.js'

test('suggests products for a misspelled name', async () => {
  const suggestions = suggestProducts('cofee-4')
  expect(suggestions).toContain('coffee-4')
})
